package dev.tandem.realtimebridge.writer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools set up the way the writer expects them. */
public final class Pools {
    /** How long a caller waits for a connection before the attempt fails and is retried. */
    public static final long CONNECTION_TIMEOUT_MS = 5_000;

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
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
