package dev.tandem.realtimebridge.supabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's WebSocket: opens it, decodes its frames on OkHttp's reader thread, and when it is lost schedules a
 * reconnect on the backoff schedule. Each socket has a generation; callbacks of an older socket are ignored.
 * State is guarded by the client's lock; the heartbeat is in {@link Heartbeat}, channels in {@link ChannelHandler}.
 */
final class SocketSession {
    // The client's logger, so that log settings for RealtimeClient keep covering the socket's lines.
    private static final Logger log = LoggerFactory.getLogger(RealtimeClient.class);

    private final RealtimeClient client;
    private final ChannelHandler handler;
    private final Serializer serializer;
    private final OkHttpClient http = new OkHttpClient();
    private final Heartbeat heartbeat;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    // Guarded by client.lock.
    private WebSocket socket;
    private long gen;
    private boolean open;
    private int connectAttempts;

    SocketSession(RealtimeClient client, ChannelHandler handler) {
        this.client = client;
        this.handler = handler;
        this.serializer = client.config.protocol().serializer();
        this.heartbeat = new Heartbeat(client, this);
    }

    /** Under lock: opens a new socket; returns at once, OkHttp calls back when it is open or failed. */
    void connect() {
        long g = ++gen;
        socket = http.newWebSocket(new Request.Builder().url(client.config.socketUrl()).build(), new Listener(g));
    }

    /** Under lock: sends on the open socket (OkHttp queues it without blocking); false when there is none. */
    boolean send(Message m) {
        return open && socket.send(serializer.encode(m));
    }

    boolean isOpen() {
        return open;
    }

    /** Under lock: whether the socket of generation {@code g} is the current one and open. */
    boolean isOpen(long g) {
        return g == gen && open;
    }

    long messages() {
        return messages.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    long heartbeatTimeouts() {
        return heartbeat.timeouts();
    }

    /** Under lock: gives up on the current socket, which looks alive but is not, and cancels it. */
    void kill(String reason, List<RealtimeEvent> out) {
        WebSocket dead = socket;
        lost(reason, out);
        dead.cancel(); // its failure callback carries an old generation and is ignored
    }

    /** Under lock, at client close: closes the socket normally; no reconnect follows (the client is closed). */
    void close() {
        if (socket != null) {
            socket.close(1000, "client closed");
        }
        open = false;
    }

    /** After close and the timer's shutdown: lets OkHttp's threads and pooled connections go. */
    void release() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Under lock: forgets the socket, closes every channel, schedules the reconnect. */
    private void lost(String reason, List<RealtimeEvent> out) {
        gen++;
        open = false;
        socket = null;
        heartbeat.stop();
        client.channelsLost();
        Duration delay = client.config.backoff(connectAttempts++);
        client.lastError = reason;
        log.warn("realtime socket lost ({}); reconnecting in {} ms", reason, delay.toMillis());
        out.add(new RealtimeEvent.Disconnected(null, reason, delay));
        client.schedule(this::reconnect, delay);
    }

    private void reconnect() {
        synchronized (client.lock) {
            if (client.isClosed() || socket != null) {
                return;
            }
            reconnects.incrementAndGet();
            connect();
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** OkHttp's callbacks for the socket of one generation. */
    private final class Listener extends WebSocketListener {
        private final long g;

        Listener(long g) {
            this.g = g;
        }

        private boolean stale() {
            return g != gen || client.isClosed();
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            synchronized (client.lock) {
                if (stale()) {
                    ws.cancel();
                    return;
                }
                open = true;
                connectAttempts = 0;
                heartbeat.start(g);
                log.info("realtime socket open to {}", client.config.endpoint());
                client.channelsOpen();
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

        private void receive(Supplier<Message> decode) {
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
            synchronized (client.lock) {
                if (stale()) {
                    return;
                }
                if (Message.PHOENIX_TOPIC.equals(m.topic())) {
                    heartbeat.received(m);
                } else {
                    handler.handle(m, receivedAtMicros, out);
                }
                messages.incrementAndGet(); // after handling: a count seen means its effects are visible
            }
            client.emit(out);
        }

        private void badFrame(ProtocolException e) {
            client.badFrames.incrementAndGet();
            client.lastError = e.getMessage();
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
            synchronized (client.lock) {
                if (stale()) {
                    return;
                }
                SocketSession.this.lost(reason, out);
            }
            client.emit(out);
        }
    }
}
