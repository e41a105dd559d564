package dev.tandem.realtimebridge.tap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A replication slot as the server sees it right now, read over an ordinary connection: whether a session
 * holds it, how far its reader has confirmed, and how much WAL it keeps. What {@code tandem tap status} prints
 * and what a health check shows as the tap's lag.
 *
 * @param activePid the process reading the slot (a walsender), or null when nobody reads it
 * @param confirmedFlushLsn what the reader has acknowledged; the server resends everything after it. Null for
 *     a physical slot
 * @param restartLsn the oldest WAL the slot still needs; null if the slot has lost its WAL
 * @param currentWalLsn the server's current WAL write position when this was read
 * @param lagBytes WAL written but not yet acknowledged by the reader: {@code currentWalLsn - confirmedFlushLsn}.
 *     It counts the whole server's WAL, other databases included, so an idle tap shows a small figure until
 *     its next status update moves the slot on
 * @param retainedWalBytes WAL the server keeps for this slot: {@code currentWalLsn - restartLsn}
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 *     (pg_replication_slots.wal_status)
 */
public record SlotStatus(String slotName, String slotType, String plugin, String database, Integer activePid,
                         String confirmedFlushLsn, String restartLsn, String currentWalLsn, Long lagBytes,
                         Long retainedWalBytes, String walStatus) {

    private static final String QUERY = "SELECT slot_name, slot_type, plugin, database, active_pid,"
            + " confirmed_flush_lsn::text, restart_lsn::text, pg_current_wal_lsn()::text,"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, wal_status"
            + " FROM pg_replication_slots WHERE slot_name = ?";

    /** The slot's state, or empty when no slot of that name exists on the server. */
    public static Optional<SlotStatus> read(Connection ordinaryConnection, String slotName) throws SQLException {
        try (PreparedStatement ps = ordinaryConnection.prepareStatement(QUERY)) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SlotStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, Integer.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, Long.class), rs.getObject(10, Long.class), rs.getString(11)));
            }
        }
    }

    /** Whether a session is reading the slot right now. */
    public boolean active() {
        return activePid != null;
    }

    /**
     * Whether this is a slot a tap on {@code database} reads: logical, pgoutput, of that database. Any other
     * slot of the same name belongs to someone else (a physical standby, another tool): leave it alone.
     */
    public boolean isTapSlotOf(String database) {
        return "logical".equals(slotType) && SlotAdmin.OUTPUT_PLUGIN.equals(plugin) && database.equals(this.database);
    }
}
