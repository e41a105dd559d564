package dev.tandem.realtimebridge.tap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGProperty;

/** Replication slot housekeeping over an ordinary SQL connection (a replication connection cannot run these). */
final class SlotAdmin {
    static final String OUTPUT_PLUGIN = "pgoutput";
    /** SQLSTATEs: slot already exists, slot does not exist, slot in use by another process. */
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNDEFINED_OBJECT = "42704";
    private static final String OBJECT_IN_USE = "55006";

    /** A row of pg_replication_slots, the parts the tap cares about. */
    record SlotInfo(String name, String plugin, String slotType, String database, Integer activePid) {
        /** Why a tap on {@code currentDatabase} cannot use this slot, or empty if it can. */
        Optional<String> unusableFrom(String currentDatabase) {
            if ("logical".equals(slotType) && OUTPUT_PLUGIN.equals(plugin) && currentDatabase.equals(database)) {
                return Optional.empty();
            }
            return Optional.of("replication slot " + name + " exists but is a " + slotType + " slot with plugin "
                    + plugin + " on database " + database + "; the tap needs a logical " + OUTPUT_PLUGIN
                    + " slot on " + currentDatabase + ": choose another slot name");
        }
    }

    private SlotAdmin() {
    }

    static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, user);
        if (password != null) {
            PGProperty.PASSWORD.set(props, password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    static Optional<SlotInfo> find(Connection c, String slotName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT slot_name, plugin, slot_type, database, active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Integer activePid = rs.getObject(5, Integer.class);
                return Optional.of(new SlotInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        activePid));
            }
        }
    }

    /**
     * Makes sure a pgoutput slot of this database exists; true if it had to be created. Creating it fixes the
     * consistent point: every transaction that commits afterwards will be streamed from this slot.
     *
     * @throws IllegalStateException if a slot of that name exists but is not a pgoutput slot of this database
     */
    static boolean ensure(Connection c, String slotName) throws SQLException {
        Optional<SlotInfo> existing = find(c, slotName);
        if (existing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, ?)")) {
                ps.setString(1, slotName);
                ps.setString(2, OUTPUT_PLUGIN);
                ps.execute();
                return true;
            } catch (SQLException e) {
                if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                    throw e;
                }
                existing = find(c, slotName); // created concurrently by another tap: check it like any other
            }
        }
        SlotInfo slot = existing.orElseThrow(() -> new IllegalStateException("replication slot " + slotName
                + " vanished while being checked"));
        Optional<String> unusable = slot.unusableFrom(currentDatabase(c));
        if (unusable.isPresent()) {
            throw new IllegalStateException(unusable.get());
        }
        return false;
    }

    /**
     * Drops the slot if it exists. A slot still held by a session that is going away (a tap just stopped) is
     * waited for, up to {@code waitForRelease}; one still in use after that is an error.
     */
    static void drop(Connection c, String slotName, Duration waitForRelease) throws SQLException {
        long deadline = System.nanoTime() + waitForRelease.toNanos();
        while (true) {
            Optional<SlotInfo> slot = find(c, slotName);
            if (slot.isEmpty()) {
                return;
            }
            if (slot.get().activePid() == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    ps.setString(1, slotName);
                    ps.execute();
                    return;
                } catch (SQLException e) {
                    if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
                        return;
                    }
                    if (!OBJECT_IN_USE.equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replication slot " + slotName + " is still in use by process "
                        + slot.get().activePid() + " after " + waitForRelease + "; stop the tap reading it first");
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    static String currentDatabase(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_database()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
