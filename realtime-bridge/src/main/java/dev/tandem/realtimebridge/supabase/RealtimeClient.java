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
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Supabase Realtime client on OkHttp's WebSocket: joins the configured channels, reports them ready only
 * after the server's "Subscribed to PostgreSQL" (realtime-js#525), keeps the socket alive with Phoenix heartbeats,
 * reconnects and rejoins with backoff, refreshes the token, and delivers decoded changes and broadcasts.
 *
 * <p>Threads: OkHttp's reader decodes frames and updates state under one lock; a timer thread runs heartbeats,
 * reconnects, rejoins and token refreshes under the same lock; the listener is called from {@link Delivery}'s
 * thread through a bounded queue. Channel message handling is in {@link ChannelHandler}.
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

    private final Serializer serializer;
    private final OkHttpClient http = new OkHttpClient();
    private final Delivery delivery;
    private final ChannelHandler handler;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong heartbeatTimeouts = new AtomicLong();
    // Guarded by lock.
    private WebSocket socket;
    private long socketGen;
    private boolean open;
    private boolean started;
    private boolean closed;
    private int connectAttempts;
    private long ref;
    private String pendingHeartbeat;
    private ScheduledFuture<?> heartbeatTask;
    private ScheduledFuture<?> tokenTask;

    public RealtimeClient(RealtimeClientConfig config, RealtimeListener listener) {
        this.config = config;
        this.serializer = config.protocol().serializer();
        this.tokens = new TokenKeeper(config.tokenSupplier(), config.tokenRefreshMargin());
        this.delivery = new Delivery(config.inboundQueueCapacity(), config.queueFullPolicy(), listener);
        this.handler = new ChannelHandler(this);
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
            connect();
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
            return new RealtimeStats(messages.get(), changes.get(), broadcasts.get(), open, ready, reconnects.get(),
                    rejoins.get(), heartbeatTimeouts.get(), tokens.refreshes(), unmatched.get(), badFrames.get(),
                    delivery.dropped(), delivery.failures(), lastError);
        }
    }

    public RealtimeClientConfig config() {
        return config;
    }

    private void connect() {
        long gen = ++socketGen;
        socket = http.newWebSocket(new Request.Builder().url(config.socketUrl()).build(), new SocketListener(gen));
    }

    String nextRef() {
        return Long.toString(++ref);
    }

    /** Sends on the open socket (OkHttp queues it without blocking); false when there is none. */
    boolean send(Message m) {
        return open && socket.send(serializer.encode(m));
    }

    boolean isOpen() {
        return open;
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

    private void heartbeat(long gen) {
        List<RealtimeEvent> out = new ArrayList<>();
        synchronized (lock) {
            if (gen != socketGen || !open) {
                return;
            }
            if (pendingHeartbeat == null) {
                pendingHeartbeat = nextRef();
                send(new Message(null, pendingHeartbeat, Message.PHOENIX_TOPIC, "heartbeat",
                        Serializer.JSON.createObjectNode()));
                return;
            }
            // The previous heartbeat is still unanswered a whole interval later: the socket is dead (realtime-js
            // treats it the same way), even if TCP has not noticed.
            heartbeatTimeouts.incrementAndGet();
            WebSocket dead = socket;
            lostSocket("heartbeat timeout: no reply to heartbeat " + pendingHeartbeat + " within "
                    + config.heartbeatInterval(), out);
            dead.cancel(); // its failure callback carries an old generation and is ignored
        }
        emit(out);
    }

    /** Under lock: forgets the socket, closes every channel, schedules the reconnect. */
    private void lostSocket(String reason, List<RealtimeEvent> out) {
        socketGen++;
        open = false;
        socket = null;
        pendingHeartbeat = null;
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
        }
        for (Channel c : channels.values()) {
            c.cancelTimer();
            if (c.state != Channel.State.STOPPED) {
                c.state = Channel.State.CLOSED;
            }
        }
        lock.notifyAll();
        Duration delay = config.backoff(connectAttempts++);
        lastError = reason;
        log.warn("realtime socket lost ({}); reconnecting in {} ms", reason, delay.toMillis());
        out.add(new RealtimeEvent.Disconnected(null, reason, delay));
        schedule(this::reconnect, delay);
    }

    private void reconnect() {
        synchronized (lock) {
            if (closed || socket != null) {
                return;
            }
            reconnects.incrementAndGet();
            connect();
        }
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
            if (socket != null) {
                socket.close(1000, "client closed");
            }
            open = false;
            lock.notifyAll();
        }
        timer.shutdownNow();
        delivery.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private final class SocketListener extends WebSocketListener {
        private final long gen;

        SocketListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            synchronized (lock) {
                if (gen != socketGen || closed) {
                    ws.cancel();
                    return;
                }
                open = true;
                connectAttempts = 0;
                long every = config.heartbeatInterval().toNanos();
                heartbeatTask = timer.scheduleAtFixedRate(() -> heartbeat(gen), every, every, TimeUnit.NANOSECONDS);
                log.info("realtime socket open to {}", config.endpoint());
                for (Channel c : channels.values()) {
                    if (c.state == Channel.State.CLOSED) {
                        handler.join(c);
                    }
                }
            }
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            receive(() -> serializer.decode(text));
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            receive(() -> serializer.decode(bytes));
        }

        private void receive(java.util.function.Supplier<Message> decode) {
            long at = nowMicros(); // before decoding: the lag measured includes our own work
            Message m;
            try {
                m = decode.get();
            } catch (ProtocolException e) {
                badFrame(e);
                return;
            }
            receive(m, at);
        }

        private void receive(Message m, long receivedAtMicros) {
            List<RealtimeEvent> out = new ArrayList<>();
            synchronized (lock) {
                if (gen != socketGen || closed) {
                    return;
                }
                if (Message.PHOENIX_TOPIC.equals(m.topic())) {
                    if ("phx_reply".equals(m.event()) && m.ref() != null && m.ref().equals(pendingHeartbeat)) {
                        pendingHeartbeat = null;
                    }
                } else {
                    handler.handle(m, receivedAtMicros, out);
                }
                messages.incrementAndGet(); // after handling: a count seen means its effects are visible
            }
            emit(out);
        }

        private void badFrame(ProtocolException e) {
            badFrames.incrementAndGet();
            lastError = e.getMessage();
            log.warn("realtime frame not understood: {}", e.getMessage());
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
            lost("closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            lost("closed: " + code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            lost((response == null ? "" : "HTTP " + response.code() + " at connect; ") + t);
        }

        private void lost(String reason) {
            List<RealtimeEvent> out = new ArrayList<>();
            synchronized (lock) {
                if (gen != socketGen || closed) {
                    return;
                }
                lostSocket(reason, out);
            }
            emit(out);
        }
    }
}
