package dev.tandem.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for reading catalogs in tests. */
final class Sql {
    private Sql() {
    }

    /** The first column of every row, as text. */
    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The first column of the one row the query returns. */
    static String one(Connection c, String sql) throws SQLException {
        List<String> rows = strings(c, sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows);
        }
        return rows.get(0);
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Inserts one minimal event as the connection's user; returns its event_id. */
    static String insertEvent(Connection c) throws SQLException {
        return one(c, """
                INSERT INTO monitoring_events (event_id, seq, source, type, connection_type, direction, metadata, ingested_at)
                VALUES (gen_random_uuid(), 1, 'test', 'event', 'redis', 'inbound', '{"k": [1, 2]}', now())
                RETURNING event_id""");
    }

    /** A SQL script from the test classpath. */
    static String resource(String name) {
        try (InputStream in = Sql.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
