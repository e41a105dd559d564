package dev.tandem.realtimebridge.supabase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phoenix heartbeats on one socket: one every {@code heartbeatInterval} on the client's timer thread, and a socket
 * whose previous heartbeat is still unanswered when the next is due counts as dead. State is guarded by the
 * client's lock.
 */
final class Heartbeat {
    private final RealtimeClient client;
    private final SocketSession session;
    private final AtomicLong timeouts = new AtomicLong();
    // Guarded by client.lock.
    private String pending;
    private ScheduledFuture<?> task;

    Heartbeat(RealtimeClient client, SocketSession session) {
        this.client = client;
        this.session = session;
    }

    /** Under lock: starts beating for the socket of generation {@code gen}, which has just opened. */
    void start(long gen) {
        long every = client.config.heartbeatInterval().toNanos();
        task = client.timer.scheduleAtFixedRate(() -> beat(gen), every, every, TimeUnit.NANOSECONDS);
    }

    /** Under lock: stops beating and forgets the unanswered heartbeat, if any; the socket is gone. */
    void stop() {
        pending = null;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Under lock: a message on the phoenix topic; the reply to the pending heartbeat clears it. */
    void received(Message m) {
        if ("phx_reply".equals(m.event()) && m.ref() != null && m.ref().equals(pending)) {
            pending = null;
        }
    }

    long timeouts() {
        return timeouts.get();
    }

    private void beat(long gen) {
        List<RealtimeEvent> out = new ArrayList<>();
        synchronized (client.lock) {
            if (!session.isOpen(gen)) {
                return;
            }
            if (pending == null) {
                pending = client.nextRef();
                session.send(new Message(null, pending, Message.PHOENIX_TOPIC, "heartbeat",
                        Serializer.JSON.createObjectNode()));
                return;
            }
            // The previous heartbeat is still unanswered a whole interval later: the socket is dead (realtime-js
            // treats it the same way), even if TCP has not noticed.
            timeouts.incrementAndGet();
            session.kill("heartbeat timeout: no reply to heartbeat " + pending + " within "
                    + client.config.heartbeatInterval(), out);
        }
        client.emit(out);
    }
}
