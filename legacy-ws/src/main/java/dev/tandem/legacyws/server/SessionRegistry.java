package dev.tandem.legacyws.server;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;

/**
 * The sessions that receive broadcasts. Lock-free for readers so a broadcast never waits on a client
 * joining or leaving; bounded by the number of open connections.
 */
final class SessionRegistry {
    private final ConcurrentHashMap<WebSocket, ClientSession> sessions = new ConcurrentHashMap<>();
    /** Notified whenever a session leaves, for a shutdown waiting on the last one. */
    private final Object departures = new Object();

    void add(ClientSession session) {
        sessions.put(session.socket(), session);
    }

    void remove(WebSocket socket) {
        if (sessions.remove(socket) != null) {
            synchronized (departures) {
                departures.notifyAll();
            }
        }
    }

    Collection<ClientSession> all() {
        return sessions.values();
    }

    int size() {
        return sessions.size();
    }

    /** Waits until no session is left or {@code timeout} passes; true when none is left. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (departures) {
            while (!sessions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                departures.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Current figures over open sessions, for the stats message. */
    Figures figures() {
        int maxMessages = 0;
        long maxBytes = 0;
        long in = 0;
        long out = 0;
        for (ClientSession s : sessions.values()) {
            maxMessages = Math.max(maxMessages, s.queuedMessages());
            maxBytes = Math.max(maxBytes, s.queuedBytes());
            in += s.messagesIn();
            out += s.messagesOut();
        }
        return new Figures(maxMessages, maxBytes, in, out);
    }

    record Figures(int maxQueuedMessages, long maxQueuedBytes, long messagesIn, long messagesOut) {
    }
}
