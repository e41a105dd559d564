package dev.tandem.legacyws.server;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lets go of clients too slow to keep up (close 1013), so they never grow the server's memory. */
final class SlowClients {
    static final String SLOW_CLIENT_REASON = "try again later: client too slow";
    /**
     * How long an evicted client gets to read the close frame queued behind its backlog before its socket is
     * dropped; a client that stopped reading never will, and its backlog's memory must be freed.
     */
    static final Duration SLOW_CLIENT_CLOSE_GRACE = Duration.ofSeconds(1);

    static final Logger log = LoggerFactory.getLogger(LegacyHub.class);

    private final OutboundLimit limit;
    private final Counters counters;
    private final ScheduledExecutorService housekeeping;

    SlowClients(OutboundLimit limit, Counters counters, ScheduledExecutorService housekeeping) {
        this.limit = limit;
        this.counters = counters;
        this.housekeeping = housekeeping;
    }

    void evict(ClientSession session) {
        if (!session.markEvicted()) {
            return;
        }
        counters.slowClientDisconnects.increment();
        log.warn("closing slow client {}: {} messages / {} bytes unsent, limits {} / {}", session.clientId(),
                session.queuedMessages(), session.queuedBytes(), limit.maxMessages(), limit.maxBytes());
        MeteredSocket socket = session.socket();
        // The close frame goes behind the backlog, so only a client that catches up sees it; the timer frees
        // the backlog of one that never does.
        socket.close(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON);
        try {
            housekeeping.schedule(() -> socket.closeConnection(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON),
                    SLOW_CLIENT_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            socket.closeConnection(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON);
        }
    }
}
