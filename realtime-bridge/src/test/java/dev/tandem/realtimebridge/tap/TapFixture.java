package dev.tandem.realtimebridge.tap;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** What the tap tests share: a tap config for a test database, plain inserts, and slot state from SQL. */
final class TapFixture {
    private TapFixture() {
    }

    /** A slot name no other test class uses: derived from the test database's unique name. */
    static String slotName(TestDatabase db, String suffix) {
        return (db.name() + "_" + suffix).toLowerCase(java.util.Locale.ROOT);
    }

    /** Short backoffs, so a test that reconnects does not wait the production default of a second. */
    static TapConfig config(TestDatabase db, String slot) {
        return TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password()).slotName(slot)
                .statusInterval(Duration.ofSeconds(1))
                .reconnectInitialBackoff(Duration.ofMillis(20)).reconnectMaxBackoff(Duration.ofMillis(200))
                .build();
    }

    /** Inserts one minimal row with the given seq on {@code c} (commits if {@code c} is in autocommit). */
    static UUID insert(Connection c, long seq) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_events (event_id, seq, source, type,"
                + " connection_type, direction, ingested_at) VALUES (?, ?, 'tap-test', 'request', 'http', 'inbound', now())")) {
            ps.setObject(1, id);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
        return id;
    }

    /** Each seq in its own autocommitted transaction. */
    static void insertEach(TestDatabase db, long... seqs) throws SQLException {
        try (Connection c = db.connect()) {
            for (long seq : seqs) {
                insert(c, seq);
            }
        }
    }

    /** Whether the server has recorded the slot as confirmed up to at least {@code lsn}. */
    static boolean confirmedAtLeast(TestDatabase db, String slot, String lsn) {
        return query(db, "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?",
                lsn, slot).equals("t");
    }

    static String confirmedFlushLsn(TestDatabase db, String slot) {
        return query(db, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?", slot);
    }

    /** The seq of every change of every transaction, in delivery order. */
    static List<Long> seqs(List<TapTransaction> txs) {
        return txs.stream().flatMap(tx -> tx.changes().stream()).map(c -> Long.parseLong(c.columns().get("seq"))).toList();
    }

    /** The first column of the first row; every parameter is bound as text. */
    static String query(TestDatabase db, String sql, String... params) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for: " + sql + " " + java.util.Arrays.toString(params));
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
