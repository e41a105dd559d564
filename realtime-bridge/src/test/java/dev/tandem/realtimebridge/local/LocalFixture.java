package dev.tandem.realtimebridge.local;

import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** A local endpoint on a port of its own, fed by its own tap on a test database; rows for monitoring_events. */
final class LocalFixture {
    private LocalFixture() {
    }

    static LocalRealtimeConfig.Builder config(TestDatabase db) {
        return LocalRealtimeConfig.builder().port(0).jwtSecret(Keys.SECRET)
                .database(db.jdbcUrl(), db.user(), db.password());
    }

    /** Starts the server and a tap on slot {@code <db>_<suffix>} feeding it. */
    static LocalRealtimeServer start(TestDatabase db, LocalRealtimeConfig config, String slotSuffix) {
        LocalRealtimeServer server = LocalRealtimeServer.start(config);
        server.startTap(TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .slotName(slot(db, slotSuffix)).statusInterval(Duration.ofSeconds(1)).build());
        return server;
    }

    static String slot(TestDatabase db, String suffix) {
        return (db.name() + "_" + suffix).toLowerCase(Locale.ROOT);
    }

    static void stop(TestDatabase db, LocalRealtimeServer server, String slotSuffix) {
        if (server != null) {
            server.close();
        }
        ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot(db, slotSuffix));
    }

    /** Inserts one row (commits if {@code c} is in autocommit); returns its event_id. */
    static UUID insert(Connection c, long seq, String source) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_events (event_id, seq, source, type,"
                + " connection_type, direction, response_time_ms, metadata, ingested_at)"
                + " VALUES (?, ?, ?, 'request', 'http', 'inbound', 12.5, '{\"k\": [1, 2]}', now())")) {
            ps.setObject(1, id);
            ps.setLong(2, seq);
            ps.setString(3, source);
            ps.executeUpdate();
        }
        return id;
    }

    static UUID insert(TestDatabase db, long seq, String source) throws SQLException {
        try (Connection c = db.connect()) {
            return insert(c, seq, source);
        }
    }

    static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
