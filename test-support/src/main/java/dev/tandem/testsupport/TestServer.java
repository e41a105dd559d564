package dev.tandem.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The PostgreSQL server that test databases are created on; resolved once per JVM. */
final class TestServer {
    private static final String CONTAINER_IMAGE = "postgres:15";
    private static TestServer instance;

    private final String baseUrl;
    private final String user;
    private final String password;

    private TestServer(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    static synchronized TestServer get() {
        if (instance == null) {
            instance = resolve();
        }
        return instance;
    }

    private static TestServer resolve() {
        String url = System.getenv(TestDatabase.URL_ENV);
        if (url != null && !url.isBlank()) {
            return fromUrl(url.trim());
        }
        if (dockerAvailable()) {
            PostgreSQLContainer pg = new PostgreSQLContainer(CONTAINER_IMAGE)
                    .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                            "-c", "max_wal_senders=20");
            pg.start();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "test-postgres-stop"));
            return new TestServer(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
        }
        throw new IllegalStateException("No test database: set " + TestDatabase.URL_ENV
                + " to a JDBC URL of a PostgreSQL 15+ server with wal_level=logical whose user may create databases"
                + " (for example jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres; bin/setup-postgres prepares"
                + " a local server), or make a Docker engine available for Testcontainers.");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Splits user and password out of the URL's query, so per-database URLs can be rebuilt. */
    static TestServer fromUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException(TestDatabase.URL_ENV + " must be a jdbc:postgresql:// URL, got: " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String user = System.getenv().getOrDefault("TANDEM_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("TANDEM_TEST_DB_PASSWORD", "");
        StringBuilder rest = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : kv.substring(eq + 1);
                switch (k) {
                    case "user" -> user = v;
                    case "password" -> password = v;
                    default -> rest.append(rest.isEmpty() ? "?" : "&").append(kv);
                }
            }
        }
        String base = "jdbc:postgresql://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "/" : uri.getRawPath()) + rest;
        return new TestServer(base, user, password);
    }

    String urlFor(String database) {
        int slash = baseUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = baseUrl.indexOf('?');
        String head = baseUrl.substring(0, slash + 1);
        String tail = query < 0 ? "" : baseUrl.substring(query);
        return head + database + tail;
    }

    /** A connection to the maintenance database {@code postgres}, for CREATE and DROP DATABASE. */
    Connection connectAdmin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(urlFor("postgres"), props);
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String describe() {
        return baseUrl + " as " + user;
    }
}
