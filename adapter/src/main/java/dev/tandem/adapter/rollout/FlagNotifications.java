package dev.tandem.adapter.rollout;

import dev.tandem.realtimebridge.ExponentialBackoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on channel {@value #CHANNEL}, which {@code rollout_flags}' trigger notifies on every change, and calls
 * {@code onChange} at once, so an instance drops its cached flags within milliseconds of a change made on any
 * instance (Togglz's CachingStateRepository alone would serve stale flags until its TTL: togglz#241). After every
 * (re)connection it calls {@code onChange} too: a notification sent while it was away is lost. On its own thread,
 * with its own connection; survives a failing {@code onChange} and a lost connection.
 */
final class FlagNotifications implements AutoCloseable {
    static final String CHANNEL = "tandem_flags";
    private static final Logger log = LoggerFactory.getLogger(FlagNotifications.class);
    private static final int POLL_MILLIS = 500;

    private final Rollout.Connector connector;
    private final Runnable onChange;
    private final Thread thread;
    private final ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private volatile boolean running = true;
    private volatile Connection current;
    private volatile boolean listening;

    FlagNotifications(Rollout.Connector connector, Runnable onChange) {
        this.connector = connector;
        this.onChange = onChange;
        this.thread = Thread.ofPlatform().name("rollout-flag-notifications").daemon().unstarted(this::run);
    }

    FlagNotifications start() {
        thread.start();
        return this;
    }

    /** Whether a LISTEN is in place now. */
    boolean listening() {
        return listening;
    }

    private void run() {
        while (running) {
            try (Connection c = connector.open()) {
                current = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                backoff.reset();
                changed();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(POLL_MILLIS);
                    if (got != null && got.length > 0) {
                        changed();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    Duration wait = backoff.next();
                    log.warn("rollout flag notifications lost ({}); cached flags expire within {} s; reconnecting in {} ms",
                            e.getMessage(), Rollout.CACHE_TTL.toSeconds(), wait.toMillis());
                    sleep(wait);
                }
            } finally {
                listening = false;
                current = null;
            }
        }
    }

    private void changed() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.warn("handling a rollout flag change failed: {}", e.toString(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
