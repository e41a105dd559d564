package dev.tandem.legacyws.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.Role;
import dev.tandem.legacyws.auth.Authenticator;
import java.util.Set;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
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
 * The Java-WebSocket server underneath: checks handshakes, and hands connections and messages to the
 * {@link LegacyHub} and {@link RequestHandler}. Every connection is a {@link MeteredSocket}.
 */
final class LegacyEngine extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(LegacyEngine.class);

    private final String path;
    private final LegacyHub hub;
    private final Authenticator auth;
    private final Set<String> allowedOrigins;
    private final RequestHandler requests;
    /** Counted down by onStart (bound) or by onError before start (e.g. port in use). */
    private final CountDownLatch startSettled = new CountDownLatch(1);
    private volatile Exception startFailure;

    /**
     * Client frames larger than {@code maxInboundFrameBytes} are refused with close 1009: clients only send
     * small requests, and Java-WebSocket's own default (2 GiB) would let one client exhaust the heap.
     */
    LegacyEngine(InetSocketAddress address, LegacyServerConfig config, LegacyHub hub) {
        super(address, Math.max(1, Runtime.getRuntime().availableProcessors()),
                List.<Draft>of(new Draft_6455(List.of(), config.clientLimits().maxInboundFrameBytes())));
        this.path = config.path();
        this.hub = hub;
        this.auth = new Authenticator(config);
        this.allowedOrigins = config.auth().allowedOrigins();
        // Our HealthMonitor pings instead: it needs the pong timing, and closes after two missed pongs.
        setConnectionLostTimeout(0);
        this.requests = new RequestHandler(hub);
        setWebSocketFactory(new MeteredSocketFactory());
        setReuseAddr(true); // a restart may bind again while old connections linger in TIME_WAIT
        setTcpNoDelay(config.tcpNoDelay());
        setDaemon(true); // a server nobody stopped must not keep the JVM alive
    }

    /** Blocks until the socket is bound; throws naming {@code where} if binding failed or took too long. */
    void awaitStarted(Duration timeout, String where) throws InterruptedException {
        if (!startSettled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("legacy-ws did not start listening on " + where + " within " + timeout);
        }
        Exception failure = startFailure;
        if (failure != null) {
            throw new IllegalStateException("legacy-ws could not listen on " + where + ": " + failure.getMessage(),
                    failure);
        }
    }

    /**
     * Re-arms write interest for connections whose queued frames the selector stopped watching, and returns
     * how many it found.
     *
     * <p>Why: after draining a connection's write queue, Java-WebSocket's selector thread sets the key's
     * interest back to read-only (WebSocketServer.doWrite). A frame queued by another thread between the
     * drain and that reset loses its write interest and sits unsent until the next send to that client.
     * It is rare (about once in 30,000 ping/pong round trips here) but real: a quiet dashboard would wait
     * indefinitely for its pong or stats. Run periodically, this caps the wait at one period.
     */
    int resumeStalledWrites(Collection<ClientSession> sessions) {
        int resumed = 0;
        for (ClientSession session : sessions) {
            MeteredSocket socket = session.socket();
            SelectionKey key = socket.getSelectionKey();
            try {
                // Interest before queue: a frame being queued right now may look stalled (a harmless extra
                // wake-up), but a stalled one is never missed, as that state does not change by itself.
                if ((key.interestOps() & SelectionKey.OP_WRITE) == 0 && socket.hasBufferedData()) {
                    onWriteDemand(socket);
                    resumed++;
                }
            } catch (CancelledKeyException closed) {
                // The connection is closing; nothing left to write.
            }
        }
        return resumed;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
            ClientHandshake request) throws InvalidDataException {
        ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        HandshakeRequest parsed;
        try {
            parsed = HandshakeRequest.parse(request.getResourceDescriptor(), request.getFieldValue("User-Agent"),
                    request.getFieldValue("Authorization"));
        } catch (IllegalArgumentException e) {
            throw refuse(conn, 404, "Not Found", e.getMessage());
        }
        if (!parsed.path().equals(path)) {
            throw refuse(conn, 404, "Not Found", "no WebSocket endpoint at " + parsed.path());
        }
        String origin = request.getFieldValue("Origin");
        // Browsers always send Origin; other clients (no CSRF risk) may omit it and are let through.
        if (!allowedOrigins.isEmpty() && !origin.isEmpty() && !allowedOrigins.contains(origin)) {
            throw refuse(conn, 403, "Forbidden", "origin not allowed");
        }
        Set<Role> roles = auth.roles(parsed.token());
        if (roles == null) {
            // The token itself is never logged.
            throw refuse(conn, 401, "Unauthorized", parsed.token() == null ? "no token" : "invalid or expired token");
        }
        conn.setAttachment(new Accepted(parsed, roles));
        return response;
    }

    /** What a handshake that passed every check carries to onOpen. */
    record Accepted(HandshakeRequest request, Set<Role> roles) {
    }

    /**
     * Refuses a handshake with HTTP {@code status}. Java-WebSocket answers every refusal with 404; for any
     * other status the connection's channel writes our response in its place (see CountingChannel).
     */
    private InvalidDataException refuse(WebSocket conn, int status, String phrase, String why) {
        if (log.isDebugEnabled()) {
            log.debug("refusing handshake from {} with {}: {}", conn.getRemoteSocketAddress(), status, why);
        }
        hub.counters.handshakesRefused.increment();
        if (status == 404) {
            ((MeteredSocket) conn).refuseHandshake();
        } else {
            ((MeteredSocket) conn).refuseHandshake(status, phrase);
        }
        return new InvalidDataException(CloseFrame.POLICY_VALIDATION, why);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        MeteredSocket socket = (MeteredSocket) conn;
        if (!socket.getSelectionKey().isValid()) {
            // The client hung up while its handshake was being answered, and Java-WebSocket closed the
            // connection before marking it open; open() then overwrites CLOSED with OPEN (it does not check),
            // leaving an "open" connection on a closed socket that no event will ever reach. Finish closing
            // it properly, so it leaves Java-WebSocket's connection set too; no session is started.
            socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "client closed during the handshake");
            return;
        }
        Accepted accepted = conn.getAttachment();
        hub.opened(socket, accepted.request(), accepted.roles());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (log.isDebugEnabled()) {
            log.debug("connection {} closed: {} {} (by {})", conn.getRemoteSocketAddress(), code, reason,
                    remote ? "client" : "server");
        }
        hub.closed((MeteredSocket) conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (conn.getAttachment() instanceof ClientSession session) {
            try {
                requests.handle(session, message);
            } catch (RuntimeException e) {
                // A bug in one message's handling must not take the connection (or the decoder thread) down.
                log.warn("legacy-ws: message from {} failed", session.clientId(), e);
            }
        } else {
            // Only possible while the server is stopping (opened() refused the session); never silently.
            log.warn("message from {} dropped: no session (server stopping?)", conn.getRemoteSocketAddress());
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
        if (conn.getAttachment() instanceof ClientSession session) {
            double ms = session.ping().pong(frame.getPayloadData(), System.nanoTime());
            if (ms >= 0) {
                hub.pingLatency.record(ms);
            }
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.close(CloseFrame.REFUSE, "binary frames are not supported");
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null && startSettled.getCount() > 0) {
            startFailure = ex;
            startSettled.countDown();
        } else if (conn == null) {
            log.error("legacy-ws server error", ex);
        } else {
            log.warn("legacy-ws connection {} error: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    @Override
    public void onStart() {
        startSettled.countDown();
    }
}
