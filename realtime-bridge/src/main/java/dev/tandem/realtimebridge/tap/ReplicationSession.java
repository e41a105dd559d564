package dev.tandem.realtimebridge.tap;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * One replication connection and its pgoutput stream, from START_REPLICATION to close. The server starts the
 * stream at the slot's confirmed_flush_lsn, so whatever was not acknowledged is sent again. Not thread-safe,
 * except {@link #close()}, which {@link ReplicationTap#stop()} may call from outside as a last resort.
 */
final class ReplicationSession implements AutoCloseable {
    private final Connection connection;
    private final PGReplicationStream stream;

    private ReplicationSession(Connection connection, PGReplicationStream stream) {
        this.connection = connection;
        this.stream = stream;
    }

    static ReplicationSession open(TapConfig config) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, config.user());
        if (config.password() != null) {
            PGProperty.PASSWORD.set(props, config.password());
        }
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.OPTIONS.set(props, "-c TimeZone=UTC");
        PGProperty.APPLICATION_NAME.set(props, "tandem-tap-" + config.slotName());
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), props);
        try {
            // pgoutput prints timestamptz in the session's zone. PgJDBC also sends the JVM's zone as a TimeZone
            // startup parameter, which Postgres applies after (so over) the -c option above; this SET wins over
            // both, so values come out in UTC whatever zone the JVM runs in.
            try (Statement st = connection.createStatement()) {
                st.execute("SET TimeZone TO 'UTC'");
            }
            PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(config.slotName())
                    .withSlotOption("proto_version", 1)
                    // Quoted so the server keeps the name's case instead of folding it to lower case.
                    .withSlotOption("publication_names", "\"" + config.publication() + "\"")
                    .withStatusInterval(Math.toIntExact(config.statusInterval().toMillis()), TimeUnit.MILLISECONDS)
                    .start();
            return new ReplicationSession(connection, stream);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /** The next message, or null if none has arrived; also sends a status update when one is due. */
    ByteBuffer readPending() throws SQLException {
        return stream.readPending();
    }

    /** Tells the server everything up to {@code lsn} is handled: it may recycle that WAL and not resend it. */
    void acknowledge(LogSequenceNumber lsn) throws SQLException {
        stream.setFlushedLSN(lsn);
        stream.setAppliedLSN(lsn);
        stream.forceUpdateStatus();
    }

    /** Ends the stream and the connection; never touches the slot. */
    @Override
    public void close() {
        try {
            if (!stream.isClosed()) {
                stream.close();
            }
        } catch (SQLException e) {
            // Expected when the connection is already broken; closing the connection below ends it regardless.
        }
        closeQuietly(connection, null);
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
