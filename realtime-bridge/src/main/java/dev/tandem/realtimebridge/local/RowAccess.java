package dev.tandem.realtimebridge.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which rows a role may see, by asking PostgreSQL: in a read-only transaction under the subscriber's
 * role ({@code set_config('role', …, true)}, as Realtime's {@code apply_rls} does), select the changed rows'
 * keys back. Whatever comes back passes the table's grants and RLS policies; a role without SELECT, or one
 * that does not exist, sees nothing. {@code service_role} bypasses the check, as on Supabase.
 *
 * <p>One query per (role, table) per transaction, whatever the number of subscribers with that role.
 * The rows are committed when the tap hands them over; a row deleted since is no longer visible, which only
 * costs a dashboard an event the real server would have sent a moment earlier.
 */
final class RowAccess {
    private static final Logger log = LoggerFactory.getLogger(RowAccess.class);
    static final String BYPASS_ROLE = "service_role";
    /** Keys per query: PostgreSQL takes 65,535 parameters, and a smaller statement plans faster anyway. */
    static final int MAX_KEYS_PER_QUERY = 1_000;

    private final DataSource db;
    /** (role, table) pairs already warned about, so a denied role logs once, not once per change. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    RowAccess(DataSource db) {
        this.db = db;
    }

    /**
     * The keys (primary key values joined by {@code \u0000}) among {@code keys} that {@code role} may SELECT.
     * A table without a primary key yields nothing: Realtime cannot deliver its rows either.
     */
    Set<String> visible(String role, TableInfo table, List<Map<String, String>> rows) {
        Set<String> seen = new HashSet<>();
        if (table.primaryKey().isEmpty() || rows.isEmpty()) {
            return seen;
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('role', ?, true)")) {
                    ps.setString(1, role);
                    ps.execute();
                }
                for (int from = 0; from < rows.size(); from += MAX_KEYS_PER_QUERY) {
                    select(c, table, rows.subList(from, Math.min(rows.size(), from + MAX_KEYS_PER_QUERY)), seen);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            if (warned.add(role + "\u0000" + table.qualifiedName())) {
                log.warn("local realtime: role {} may not read {} ({}); its subscribers get no rows of it",
                        role, table.qualifiedName(), e.getMessage());
            }
            seen.clear();
        }
        return seen;
    }

    /**
     * Waits until transaction {@code xid} (32 bits, as pgoutput sends it) is visible to new snapshots. Why: the
     * walsender may send a commit a moment before the committing backend leaves the proc array, and a row
     * check in that moment would not see the row, dropping a change every subscriber is owed. Returns false
     * if it is still not visible after {@code timeout} (the check then goes ahead; rows it misses are lost).
     */
    boolean awaitVisible(long xid, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(VISIBLE)) {
            ps.setLong(1, xid);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        } catch (SQLException e) {
            log.warn("local realtime: could not check that transaction {} is visible: {}", xid, e.getMessage());
            return false;
        }
    }

    /**
     * Whether a 32-bit xid is visible: widened to 64 bits with the epoch of the snapshot's xmax (one epoch
     * earlier if that would put it at or past xmax, which only a wrapped xid can be).
     */
    private static final String VISIBLE = """
            SELECT pg_visible_in_snapshot((CASE WHEN w.full_xid >= w.xmax THEN w.full_xid - 4294967296
                                               ELSE w.full_xid END)::text::xid8, w.snap)
            FROM (SELECT x.snap, x.xmax, ((x.xmax >> 32) << 32) | ?::bigint AS full_xid
                  FROM (SELECT s AS snap, pg_snapshot_xmax(s)::text::bigint AS xmax FROM pg_current_snapshot() s) x) w""";

    static String key(TableInfo table, Map<String, String> row) {
        StringBuilder k = new StringBuilder();
        for (String col : table.primaryKey()) {
            if (!k.isEmpty()) {
                k.append('\u0000');
            }
            k.append(row.get(col));
        }
        return k.toString();
    }

    private static void select(Connection c, TableInfo table, List<Map<String, String>> rows, Set<String> seen)
            throws SQLException {
        List<String> pk = table.primaryKey();
        StringBuilder sql = new StringBuilder("SELECT ");
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < pk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Sql.ident(pk.get(i))).append("::text");
            tuple.append(i == 0 ? "" : ", ").append("?::").append(Sql.ident(table.type(pk.get(i))));
        }
        tuple.append(')');
        sql.append(" FROM ").append(table.qualifiedName()).append(" WHERE (");
        for (int i = 0; i < pk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Sql.ident(pk.get(i)));
        }
        sql.append(") IN (");
        List<String> params = new ArrayList<>(rows.size() * pk.size());
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
            for (String col : pk) {
                params.add(rows.get(r).get(col));
            }
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder k = new StringBuilder();
                    for (int i = 0; i < pk.size(); i++) {
                        if (i > 0) {
                            k.append('\u0000');
                        }
                        k.append(rs.getString(i + 1));
                    }
                    seen.add(k.toString());
                }
            }
        }
    }
}
