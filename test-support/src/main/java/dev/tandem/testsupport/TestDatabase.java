package dev.tandem.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database for one test class, dropped again (with every replication slot on it) on close.
 *
 * <p>Where the server comes from, in order: {@code TANDEM_TEST_DB_URL} (a JDBC URL of any database on the
 * server, whose credentials may create databases); else a Testcontainers PostgreSQL with
 * {@code wal_level=logical} when Docker is available; else a failure that says how to provide one.
 *
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void up() { db = TestDatabase.create("writer"); }
 * @AfterAll static void down() { db.close(); }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
    /** Every database this helper creates starts with this, so leftovers of a crashed run are recognisable. */
    public static final String NAME_PREFIX = "tandem_t_";
    public static final String URL_ENV = "TANDEM_TEST_DB_URL";

    private final TestServer server;
    private final String name;
    private final String jdbcUrl;

    private TestDatabase(TestServer server, String name) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = server.urlFor(name);
    }

    /** Creates a new, empty database named after {@code purpose} plus a random suffix. */
    public static TestDatabase create(String purpose) {
        TestServer server = TestServer.get();
        String clean = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30);
        }
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        String name = NAME_PREFIX + clean + "_" + HexFormat.of().formatHex(suffix);
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + server.describe()
                    + ": " + e.getMessage(), e);
        }
        return new TestDatabase(server, name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A plain JDBC connection to this database, autocommit on. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user());
        props.setProperty("password", password());
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The one number {@code query} answers, such as a count. */
    public long queryLong(String query) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + query);
            }
            return rs.getLong(1);
        }
    }

    /** Runs one SQL statement on its own connection, autocommit. */
    public void execute(String statement) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The server's {@code wal_level}: logical replication tests need {@code logical}. */
    public String walLevel() {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read wal_level: " + e.getMessage(), e);
        }
    }

    /** Names of the replication slots that belong to this database, for tests that check cleanup. */
    public java.util.List<String> replicationSlots() {
        java.util.List<String> slots = new java.util.ArrayList<>();
        try (Connection c = connect();
             var ps = c.prepareStatement("SELECT slot_name FROM pg_replication_slots WHERE database = ? ORDER BY 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list replication slots: " + e.getMessage(), e);
        }
        return slots;
    }

    /** Drops this database's replication slots (ending the sessions that hold them), then the database. */
    @Override
    public void close() {
        try (Connection c = server.connectAdmin()) {
            dropDatabase(c, name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    static void dropDatabase(Connection admin, String database) throws SQLException {
        try (var ps = admin.prepareStatement(
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = ? AND active_pid IS NOT NULL")) {
            ps.setString(1, database);
            ps.execute();
        }
        // A terminated walsender releases its slot asynchronously; dropping retries until it is free.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (var ps = admin.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = ?")) {
                ps.setString(1, database);
                ps.execute();
                break;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                // Retry shortly, not in a tight loop of queries against the server.
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
