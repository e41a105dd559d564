package dev.tandem.legacyws.server;

import dev.tandem.legacyws.health.PingState;
import java.nio.ByteBuffer;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.PingFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every client once per interval and closes one that left two pings in a row unanswered (a timeout);
 * one missed pong counts as a timeout warning. Java-WebSocket's own lost-connection timer is off: it keeps no
 * round-trip times. Run by the housekeeping thread; survives any one client's failure.
 */
final class HealthMonitor implements Runnable {
    static final String TIMEOUT_REASON = "ping timeout";
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final LegacyHub hub;

    HealthMonitor(LegacyHub hub) {
        this.hub = hub;
    }

    @Override
    public void run() {
        for (ClientSession session : hub.sessions()) {
            try {
                check(session);
            } catch (RuntimeException e) {
                log.warn("legacy-ws: health check of {} failed", session.clientId(), e);
            }
        }
    }

    private void check(ClientSession session) {
        MeteredSocket socket = session.socket();
        if (!socket.isOpen()) {
            return;
        }
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES);
        PingState.Tick tick = session.ping().tick(System.nanoTime(), payload);
        switch (tick) {
            case TIMED_OUT -> {
                hub.counters.pingTimeouts.increment();
                log.info("closing client {}: {} pings unanswered", session.clientId(), PingState.MISSED_PONGS_LIMIT);
                // Straight to the socket: a client that does not answer pings will not answer a close frame.
                socket.closeConnection(CloseFrame.GOING_AWAY, TIMEOUT_REASON);
                return;
            }
            case WARN_AND_PING -> hub.counters.pingTimeoutWarnings.increment();
            case PING -> {
                // nothing more to count
            }
        }
        PingFrame ping = new PingFrame();
        ping.setPayload(payload);
        try {
            socket.sendFrame(ping);
        } catch (WebsocketNotConnectedException closing) {
            // closed since the check; its session ends through onClose
        }
    }
}
