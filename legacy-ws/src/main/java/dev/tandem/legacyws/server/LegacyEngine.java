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
 * The Java-WebSocket server underneath: checks handshakes, and hands connections and messages to the
 * {@link LegacyHub} and {@link RequestHandler}. Every connection is a {@link MeteredSocket}.
 */
final class LegacyEngine extends WebSocketServer {
    /**
     * Client frames larger than this are refused with close 1009. Clients only send small requests, and
     * Java-WebSocket's own default (2 GiB) would let one client exhaust the heap.
     */
    static final int MAX_INBOUND_FRAME_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LegacyEngine.class);

    private final String path;
    private final LegacyHub hub;
    private final RequestHandler requests;
    /** Counted down by onStart (bound) or by onError before start (e.g. port in use). */
    private final CountDownLatch startSettled = new CountDownLatch(1);
    private volatile Exception startFailure;

    LegacyEngine(InetSocketAddress address, String path, LegacyHub hub) {
        super(address, Math.max(1, Runtime.getRuntime().availableProcessors()),
                List.<Draft>of(new Draft_6455(List.of(), MAX_INBOUND_FRAME_BYTES)));
        this.path = path;
        this.hub = hub;
        this.requests = new RequestHandler(hub);
        setWebSocketFactory(new MeteredSocketFactory());
        setReuseAddr(true); // a restart may bind again while old connections linger in TIME_WAIT
        setTcpNoDelay(true); // events are small and latency is what dashboards (and the validator) see
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
            parsed = HandshakeRequest.parse(request.getResourceDescriptor(), request.getFieldValue("User-Agent"));
        } catch (IllegalArgumentException e) {
            throw refuse(conn, e.getMessage());
        }
        if (!parsed.path().equals(path)) {
            throw refuse(conn, "no WebSocket endpoint at " + parsed.path());
        }
        conn.setAttachment(parsed);
        return response;
    }

    /** Java-WebSocket answers every refused handshake with HTTP 404, whatever the reason. */
    private static InvalidDataException refuse(WebSocket conn, String why) {
        if (log.isDebugEnabled()) {
            log.debug("refusing handshake from {}: {}", conn.getRemoteSocketAddress(), why);
        }
        ((MeteredSocket) conn).refuseHandshake();
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
        hub.opened(socket, conn.getAttachment());
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
            requests.handle(session, message);
        } else {
            // Only possible while the server is stopping (opened() refused the session); never silently.
            log.warn("message from {} dropped: no session (server stopping?)", conn.getRemoteSocketAddress());
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
