package dev.tandem.realtimebridge.tap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, over an ordinary connection, what a {@link ReplicationTap} needs from the server, so a misconfigured
 * database is reported in one readable list at startup instead of as a reconnect loop.
 */
public final class TapPreflight {
    private TapPreflight() {
    }

    /**
     * Problems that would prevent a tap on {@code slotName} reading {@code publication}; empty when none.
     *
     * @throws IllegalStateException if the checks themselves cannot run (connection broken)
     */
    public static List<String> problems(Connection ordinaryConnection, String publication, String slotName) {
        List<String> problems = new ArrayList<>();
        try {
            String walLevel = text(ordinaryConnection, "SELECT current_setting('wal_level')");
            if (!"logical".equals(walLevel)) {
                problems.add("wal_level is " + walLevel + ", logical replication needs logical: run"
                        + " ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL");
            }
            Optional<SlotAdmin.SlotInfo> slot = SlotAdmin.find(ordinaryConnection, slotName);
            if (slot.isEmpty()) {
                slotCapacity(ordinaryConnection).ifPresent(problems::add);
            } else {
                slot.get().unusableFrom(SlotAdmin.currentDatabase(ordinaryConnection)).ifPresent(problems::add);
            }
            if (!exists(ordinaryConnection, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
                problems.add("publication " + publication + " does not exist: create it with CREATE PUBLICATION "
                        + publication + " FOR TABLE ... (the Tandem migrations create supabase_realtime)");
            }
            if (!exists(ordinaryConnection,
                    "SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolreplication OR rolsuper)", null)) {
                String user = text(ordinaryConnection, "SELECT current_user");
                problems.add("user " + user + " lacks the REPLICATION attribute (and is not a superuser): run"
                        + " ALTER ROLE " + user + " WITH REPLICATION");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run the replication preflight checks: " + e.getMessage(), e);
        }
        return problems;
    }

    /** A new slot needs a free one of max_replication_slots (they are shared by every database on the server). */
    private static Optional<String> slotCapacity(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('max_replication_slots')::int,"
                + " (SELECT count(*) FROM pg_replication_slots)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            int max = rs.getInt(1);
            long used = rs.getLong(2);
            if (used < max) {
                return Optional.empty();
            }
            return Optional.of("no free replication slot: max_replication_slots is " + max + " and " + used
                    + " are in use; drop an unused one (SELECT pg_drop_replication_slot('name')) or raise"
                    + " max_replication_slots (needs a restart)");
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
