package dev.tandem.realtimebridge.writer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools set up the way the writer expects them. */
public final class Pools {
    /**
     * How long a caller waits for a connection before the attempt fails and is retried. It bounds how long one
     * attempt against an unreachable database takes, and so how soon the writer's circuit breaker opens
     * (threshold x this) and rows go to the outage buffer, well within an ingest request's wait for durability.
     */
    public static final long CONNECTION_TIMEOUT_MS = 2_000;
    /** How long checking a pooled connection may take; below {@link #CONNECTION_TIMEOUT_MS}, as Hikari requires. */
    public static final long VALIDATION_TIMEOUT_MS = 1_000;
    /**
     * PgJDBC's socket read timeout: a statement on a connection whose peer vanished without a reset (a network
     * partition) fails after this instead of hanging the writer for as long as TCP keeps the socket.
     */
    public static final int SOCKET_TIMEOUT_SECONDS = 30;

    private Pools() {
    }

    /**
     * A HikariCP pool with {@code reWriteBatchedInserts=true}, so PgJDBC sends a JDBC batch as multi-row
     * INSERTs instead of one round trip per row.
     *
     * <p>The pool starts even when the database is unreachable ({@code initializationFailTimeout = -1}): a dead
     * Postgres must not stop the service from starting; the writer retries until it is back.
     */
    public static HikariDataSource hikari(String jdbcUrl, String user, String password, int maxPoolSize, String poolName) {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got: " + maxPoolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName(poolName);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(VALIDATION_TIMEOUT_MS);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        return new HikariDataSource(config);
    }
}
