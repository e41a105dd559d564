package dev.tandem.benchmarks.writer;

import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one benchmark run, beside the one {@code --db-url} names on the same server:
 * created with Tandem's migrations applied (so {@code monitoring_events} is in {@code supabase_realtime}),
 * and dropped with its replication slot at the end.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;
    private final String url;

    private ScratchDatabase(String serverUrl, String user, String password, String name, String url) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.url = url;
    }

    public static ScratchDatabase create(String serverUrl, String user, String password) throws SQLException {
        Matcher m = URL.matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("--db-url must look like jdbc:postgresql://host:port/database, got "
                    + serverUrl);
        }
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        String name = "bench_writer_" + HexFormat.of().formatHex(suffix);
        String url = m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
        try (Connection c = connect(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        ScratchDatabase db = new ScratchDatabase(serverUrl, user, password, name, url);
        try {
            new Migrator(url, user, password).migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The slot this run's tap reads: named after the database, so a leftover is easy to attribute. */
    public String slotName() {
        return name;
    }

    public Connection connect() throws SQLException {
        return connect(url, user, password);
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url, p);
    }

    /** Drops the slot (waiting for a stopped tap to let go of it), then the database. */
    @Override
    public void close() {
        try {
            ReplicationTap.dropSlot(url, user, password, slotName());
        } catch (RuntimeException e) {
            System.err.println("bench-writer: could not drop replication slot " + slotName() + ": " + e.getMessage()
                    + "; drop it by hand: SELECT pg_drop_replication_slot('" + slotName() + "')");
        }
        try (Connection c = connect(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("bench-writer: could not drop scratch database " + name + ": " + e.getMessage());
        }
    }
}
