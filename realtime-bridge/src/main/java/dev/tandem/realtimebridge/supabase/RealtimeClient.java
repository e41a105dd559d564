package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Supabase Realtime client on OkHttp's WebSocket: joins the configured channels, reports them ready only
 * after the server's "Subscribed to PostgreSQL" (realtime-js#525), keeps the socket alive with Phoenix heartbeats,
 * reconnects and rejoins with backoff, refreshes the token, and delivers decoded changes and broadcasts.
 *
 * <p>Threads: OkHttp's reader decodes frames and updates state under one lock; a timer thread runs heartbeats,
 * reconnects, rejoins and token refreshes under the same lock; the listener is called from {@link Delivery}'s
 * thread through a bounded queue. Channel message handling is in {@link ChannelHandler}, the socket, its
 * reconnects and its heartbeat in {@link SocketSession} and {@link Heartbeat}.
 */
public final class RealtimeClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RealtimeClient.class);

    final RealtimeClientConfig config;
    final Object lock = new Object();
    final Map<String, Channel> channels = new LinkedHashMap<>();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "realtime-timer");
        t.setDaemon(true);
        return t;
    });
    final TokenKeeper tokens;
    final AtomicLong changes = new AtomicLong();
    final AtomicLong broadcasts = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong rejoins = new AtomicLong();
    volatile String lastError;

    private final Delivery delivery;
    private final ChannelHandler handler;
    private final SocketSession session;
    // Guarded by lock.
    private boolean started;
    private boolean closed;
    private long ref;
    private ScheduledFuture<?> tokenTask;

    public RealtimeClient(RealtimeClientConfig config, RealtimeListener listener) {
        this.config = config;
        this.tokens = new TokenKeeper(config.tokenSupplier(), config.tokenRefreshMargin());
        this.delivery = new Delivery(config.inboundQueueCapacity(), config.queueFullPolicy(), listener);
        this.handler = new ChannelHandler(this);
        this.session = new SocketSession(this, handler);
        config.channels().forEach(spec -> channels.put(spec.topic(), new Channel(spec)));
    }

    /**
     * Takes the first token and opens the socket; returns at once (see {@link #awaitReady}).
     *
     * @throws RealtimeException if the token supplier fails
     */
    public void start() {
        String first = tokens.fetch();
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException("a RealtimeClient starts once");
            }
            started = true;
            tokens.set(first);
            scheduleTokenRefresh();
            log.info("realtime client connecting to {} (vsn {}) for {}", config.endpoint(), config.protocol().vsn(),
                    channels.keySet());
            session.connect();
        }
    }

    /**
     * Waits until every channel is ready.
     *
     * @return false if the timeout passed first
     * @throws RealtimeException if a channel will never be ready (its join was refused for good)
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Channel c : channels.values()) {
                    if (c.state == Channel.State.STOPPED) {
                        throw new RealtimeException(c.topic() + " will not be joined: " + c.stopReason);
                    }
                }
                if (channels.values().stream().allMatch(c -> c.state == Channel.State.READY)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    public RealtimeStats stats() {
        synchronized (lock) {
            int ready = (int) channels.values().stream().filter(c -> c.state == Channel.State.READY).count();
            return new RealtimeStats(session.messages(), changes.get(), broadcasts.get(), session.isOpen(), ready,
                    session.reconnects(), rejoins.get(), session.heartbeatTimeouts(), tokens.refreshes(),
                    unmatched.get(), badFrames.get(), delivery.dropped(), delivery.failures(), lastError);
        }
    }

    public RealtimeClientConfig config() {
        return config;
    }

    String nextRef() {
        return Long.toString(++ref);
    }

    /** Sends on the open socket (OkHttp queues it without blocking); false when there is none. */
    boolean send(Message m) {
        return session.send(m);
    }

    boolean isOpen() {
        return session.isOpen();
    }

    boolean isClosed() {
        return closed;
    }

    void emit(List<RealtimeEvent> out) {
        out.forEach(delivery::offer);
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Under lock, when the socket opened: joins the channels waiting for it. */
    void channelsOpen() {
        for (Channel c : channels.values()) {
            if (c.state == Channel.State.CLOSED) {
                handler.join(c);
            }
        }
    }

    /** Under lock, when the socket was lost: every channel not stopped is closed until the socket is back. */
    void channelsLost() {
        for (Channel c : channels.values()) {
            c.cancelTimer();
            if (c.state != Channel.State.STOPPED) {
                c.state = Channel.State.CLOSED;
            }
        }
        lock.notifyAll();
    }

    /** Takes a new token from the supplier and pushes it to every joined channel ({@code access_token}). */
    void renewToken(String why) {
        String fresh;
        try {
            fresh = tokens.fetch();
        } catch (RealtimeException e) {
            lastError = e.getMessage();
            log.warn("realtime token not renewed ({}): {}; trying again in {}", why, e.getMessage(), config.backoff(0));
            synchronized (lock) {
                if (!closed) {
                    tokenTask = schedule(() -> renewToken(why), config.backoff(0));
                }
            }
            return;
        }
        List<RealtimeEvent> out = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            tokens.set(fresh);
            for (Channel c : channels.values()) {
                if (c.joined()) {
                    ObjectNode payload = Serializer.JSON.createObjectNode().put("access_token", fresh);
                    send(new Message(c.joinRef, nextRef(), c.topic(), "access_token", payload));
                }
            }
            scheduleTokenRefresh();
            out.add(new RealtimeEvent.TokenRefreshed(null, why));
        }
        emit(out);
    }

    private void scheduleTokenRefresh() {
        if (tokenTask != null) {
            tokenTask.cancel(false);
        }
        Duration d = tokens.untilRefresh(Instant.now());
        tokenTask = d == null ? null : schedule(() -> renewToken("the token expires soon"), d);
    }

    /** Leaves the channels, closes the socket and stops the threads; what was queued is still delivered. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Channel c : channels.values()) {
                c.cancelTimer();
                if (c.joined()) {
                    send(new Message(c.joinRef, nextRef(), c.topic(), "phx_leave", Serializer.JSON.createObjectNode()));
                }
            }
            session.close();
            lock.notifyAll();
        }
        timer.shutdownNow();
        delivery.close();
        session.release();
    }
}
