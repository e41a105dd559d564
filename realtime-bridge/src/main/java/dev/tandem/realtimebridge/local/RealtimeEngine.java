package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java-WebSocket server underneath: checks handshakes (path, {@code vsn}, API key, connected users) the way
 * Realtime's {@code user_socket.ex} does, and hands each decoded message to {@link LocalProtocol}.
 */
final class RealtimeEngine extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(RealtimeEngine.class);
    static final Set<String> PATHS = Set.of("/realtime/v1/websocket", "/socket/websocket");

    private final LocalRealtimeConfig config;
    private final ApiKeyVerifier verifier;
    private final LocalProtocol protocol;
    private final Subscribers subscribers;
    final Set<ClientSocket> sockets = ConcurrentHashMap.newKeySet();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    RealtimeEngine(LocalRealtimeConfig config, ApiKeyVerifier verifier, LocalProtocol protocol, Subscribers subscribers) {
        super(new InetSocketAddress(config.host(), config.port()), 1,
                List.<Draft>of(new Draft_6455(List.of(), LocalRealtimeConfig.MAX_FRAME_BYTES)));
        this.config = config;
        this.verifier = verifier;
        this.protocol = protocol;
        this.subscribers = subscribers;
        setWebSocketFactory(new RefusableSocket.Factory());
        setConnectionLostTimeout(0); // Phoenix's rule instead: silence for idleTimeout closes (see closeSilent)
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
    }

    void awaitStarted(Duration timeout) throws InterruptedException {
        if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("local realtime did not start listening within " + timeout);
        }
        if (startFailure != null) {
            throw new IllegalStateException("local realtime could not listen on " + config.host() + ":"
                    + config.port() + ": " + startFailure.getMessage(), startFailure);
        }
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
            ClientHandshake request) throws InvalidDataException {
        ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        URI uri = URI.create(request.getResourceDescriptor());
        if (!PATHS.contains(uri.getPath())) {
            throw refuse(conn, 404, "Not Found", "Not Found");
        }
        Map<String, String> query = query(uri.getRawQuery());
        Serializer serializer = Serializer.forVsn(query.get("vsn"));
        if (serializer == null) {
            throw refuse(conn, 400, "Bad Request", "Unsupported vsn: " + query.get("vsn"));
        }
        String header = request.getFieldValue("x-api-key");
        String key = header == null || header.isEmpty() ? query.get("apikey") : header;
        String role;
        try {
            role = verifier.role(key);
        } catch (ApiKeyVerifier.Refused e) {
            throw refuse(conn, e.status, "Unauthorized", e.getMessage());
        }
        if (sockets.size() >= config.maxConcurrentUsers()) {
            throw refuse(conn, 429, "Too Many Requests", "Too many connected users");
        }
        conn.setAttachment(new ClientSocket(conn, serializer, role, config.maxQueuedFrames()));
        return response;
    }

    private static InvalidDataException refuse(WebSocket conn, int status, String phrase, String error) {
        String body = JsonNodeFactory.instance.objectNode().put("error", error).toString();
        ((RefusableSocket) conn).refuse(status, phrase, body);
        log.debug("local realtime: refused handshake from {} with {}: {}", conn.getRemoteSocketAddress(), status, error);
        return new InvalidDataException(CloseFrame.POLICY_VALIDATION, error);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        ClientSocket s = conn.getAttachment();
        if (s != null) {
            sockets.add(s);
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        ClientSocket s = conn.getAttachment();
        if (s == null) {
            return;
        }
        sockets.remove(s);
        s.channels.values().forEach(subscribers::remove);
        s.channels.clear();
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        ClientSocket s = conn.getAttachment();
        s.heard();
        Frame frame;
        try {
            frame = s.serializer.decode(message);
        } catch (IllegalArgumentException e) {
            log.debug("local realtime: ignoring a message that is not vsn {}: {}", s.serializer.vsn, e.getMessage());
            return;
        }
        protocol.handle(s, frame);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        ClientSocket s = conn.getAttachment();
        s.heard();
        Frame frame = UserBroadcastFrame.decode(message);
        if (frame == null) {
            log.debug("local realtime: ignoring a binary message that is not a JSON user broadcast");
            return;
        }
        protocol.handle(s, frame);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        } else {
            log.debug("local realtime: connection error: {}", ex.toString());
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    /** Phoenix's websocket timeout: closes sockets that sent nothing (not even a heartbeat) for idleTimeout. */
    void closeSilent() {
        long limit = config.idleTimeout().toNanos();
        for (ClientSocket s : sockets) {
            if (s.silentNanos() > limit) {
                log.info("local realtime: closing {}: silent for more than {}", s.conn.getRemoteSocketAddress(),
                        config.idleTimeout());
                subscribers.closedSilent.increment();
                s.conn.close(CloseFrame.NORMAL, "timeout");
            }
        }
    }

    /**
     * Re-arms writes Java-WebSocket's selector may have missed: after draining a queue it resets the key to
     * read-only, and a frame queued by another thread in between waits for the next send (legacy-ws found the
     * same race). Cheap: only sockets with unsent frames are touched.
     */
    void resumeStalledWrites() {
        for (ClientSocket s : sockets) {
            if (s.conn instanceof RefusableSocket r && r.hasBufferedData()) {
                onWriteDemand(r);
            }
        }
    }
}
