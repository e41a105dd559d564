package dev.tandem.adapter;

import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.TandemService;
import dev.tandem.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A running service on free loopback ports against a fresh database, with its own outage-buffer directory (so
 * no test replays another's rows); closing stops it and drops the database and the directory.
 */
final class ServiceFixture implements AutoCloseable {
    final TestDatabase db;
    final Path outageDir;
    private final Map<Setting, String> flags;
    TandemService service;

    private ServiceFixture(TestDatabase db, Path outageDir, Map<Setting, String> flags) throws Exception {
        this.db = db;
        this.outageDir = outageDir;
        this.flags = flags;
        this.service = startService();
    }

    private TandemService startService() throws Exception {
        // No environment: tests see only what they set.
        return TandemService.start(TandemConfig.resolve(flags, name -> null));
    }

    /** Stops the service and starts a new one on the same database and settings. */
    void restart() throws Exception {
        service.close();
        service = startService();
    }

    static ServiceFixture start(String purpose, Map<Setting, String> extra) throws Exception {
        return start(purpose, extra, UnaryOperator.identity());
    }

    /** As {@link #start(String, Map)}, the service reaching its database at {@code route(url)} (a relay, say). */
    static ServiceFixture start(String purpose, Map<Setting, String> extra, UnaryOperator<String> route) throws Exception {
        return startOn(TestDatabase.create(purpose), extra, route);
    }

    /** As {@link #start(String, Map)} on a database the caller prepared; the fixture drops it on close. */
    static ServiceFixture startOn(TestDatabase db, Map<Setting, String> extra, UnaryOperator<String> route) throws Exception {
        Path outageDir = null;
        try {
            outageDir = Files.createTempDirectory("tandem-outage-");
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            flags.put(Setting.DB_URL, route.apply(db.jdbcUrl()));
            flags.put(Setting.OUTAGE_DIR, outageDir.toString());
            flags.put(Setting.DB_USER, db.user());
            flags.put(Setting.DB_PASSWORD, db.password());
            flags.put(Setting.HOST, "127.0.0.1");
            flags.put(Setting.HTTP_PORT, "0");
            flags.put(Setting.WS_PORT, "0");
            flags.put(Setting.INSTANCE_ID, "test-instance");
            flags.put(Setting.TAP_SLOT, "slot_" + db.name());
            flags.putAll(extra);
            return new ServiceFixture(db, outageDir, flags);
        } catch (Exception | Error e) {
            db.close();
            deleteTree(outageDir);
            throw e;
        }
    }

    String http(String path) {
        return "http://127.0.0.1:" + service.httpPort() + path;
    }

    String ws() {
        return "ws://127.0.0.1:" + service.wsPort() + "/ws";
    }

    long rows() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM monitoring_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            db.close();
            deleteTree(outageDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}
