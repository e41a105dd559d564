package dev.tandem.realtimebridge.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Reads from the database which tables the publication serves and what they look like. Table shapes are
 * cached: a dev endpoint restarted after a migration is good enough, and the tap thread must not query the
 * catalog per change.
 */
final class Catalog {
    private static final String COLUMNS = """
            SELECT a.attname, t.typname, COALESCE(a.attnum = ANY(i.indkey), false), c.relrowsecurity
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            WHERE n.nspname = ? AND c.relname = ?
            ORDER BY a.attnum""";
    private static final String PUBLISHED = """
            SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?""";

    private final DataSource db;
    private final String publication;
    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();

    Catalog(DataSource db, String publication) {
        this.db = db;
        this.publication = publication;
    }

    /** Whether the publication has the table now (asked at every join, as the real server does). */
    boolean published(String schema, String table) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(PUBLISHED)) {
            ps.setString(1, publication);
            ps.setString(2, schema);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the publication has any table of the schema (a binding on table "*"). */
    boolean schemaPublished(String schema) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ?")) {
            ps.setString(1, publication);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The table's shape, from the cache or the catalog; empty when no such table exists. */
    Optional<TableInfo> table(String schema, String table) throws SQLException {
        String key = schema + "\u0000" + table;
        TableInfo cached = tables.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<TableInfo.Column> columns = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        boolean rls = false;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TableInfo.Column(rs.getString(1), rs.getString(2)));
                    if (rs.getBoolean(3)) {
                        pk.add(rs.getString(1));
                    }
                    rls = rs.getBoolean(4);
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        TableInfo info = new TableInfo(schema, table, columns, pk, rls);
        tables.put(key, info);
        return Optional.of(info);
    }
}
