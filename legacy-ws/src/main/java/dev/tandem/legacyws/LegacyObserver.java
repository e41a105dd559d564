package dev.tandem.legacyws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a legacy stream the way a real dashboard does: connects, takes {@code initial_stats}, then hands
 * every {@code event} to its {@link Listener} with the time it arrived. The validator uses it as the legacy
 * side's observer. Single use: connect once, close once.
 *
 * <p>Listener methods run on the connection's one reader thread, in arrival order. A listener that throws
 * is logged and counted ({@link #listenerFailures()}); the connection carries on.
 */
public final class LegacyObserver implements AutoCloseable {
    /** Receives what the observer sees. */
    public interface Listener {
        /** @param receivedAtEpochMicros wall-clock arrival time, microseconds since the epoch */
        void onEvent(JsonNode event, long receivedAtEpochMicros);

        default void onInitialStats(JsonNode message) {
        }

        default void onClosed(int code, String reason) {
        }

        /**
         * The server no longer holds every event after the seq this observer resumed from: those before
         * {@code firstSeq} are gone for this observer (the server replays the rest).
         */
        default void onGap(long resumedAfter, long firstSeq) {
        }
    }

    /** Server messages larger than this close the connection (1009); a big initial_stats fits many times over. */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LegacyObserver.class);

    private final URI uri;
    /** {@link #uri} for messages and logs: a token in its query is a secret. */
    private final String shown;
    private final Listener listener;
    private final Connection connection;
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong unreadableMessages = new AtomicLong();
    /** Counted down by initial_stats, or by the connection closing before it came. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile boolean initialStatsReceived;
    private volatile String closeDescription;

    /** The ref of the observer's own {@code resume} request, to recognise its gap answer. */
    static final String RESUME_REF = "legacy-observer-resume";

    /** Negative: a fresh observer that starts with live events. */
    private final long resumeAfter;

    public LegacyObserver(URI uri, Listener listener) {
        this(uri, listener, -1);
    }

    /**
     * An observer that, once connected, asks the server to {@code resume} after {@code resumeAfterSeq}: the
     * buffered events it missed are replayed before live ones, so a reconnect leaves no hole the buffer can fill.
     */
    public LegacyObserver(URI uri, Listener listener, long resumeAfterSeq) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.shown = redacted(uri);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.resumeAfter = resumeAfterSeq;
        this.connection = new Connection(uri);
    }

    /**
     * Connects and waits for {@code initial_stats}.
     *
     * @throws IllegalStateException saying why (refused handshake with its HTTP status, closed, timed out)
     */
    public void connect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            connection.connect();
            boolean arrived = settled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (initialStatsReceived) {
                return;
            }
            connection.close();
            throw new IllegalStateException(arrived
                    ? "legacy observer: connection to " + shown + " closed before initial_stats: " + closeDescription
                    : "legacy observer: no initial_stats from " + shown + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new IllegalStateException("legacy observer: interrupted while connecting to " + shown, e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** How many times the listener threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Server messages that were not JSON objects with a type; ignored, but counted. */
    public long unreadableMessages() {
        return unreadableMessages.get();
    }

    private void dispatch(String text, long receivedAtMicros) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            unreadableMessages.incrementAndGet();
            log.warn("legacy observer: unreadable message from {}: {}", shown, e.getOriginalMessage());
            return;
        }
        switch (message.path("type").asText()) {
            case "event" -> {
                eventsReceived.incrementAndGet();
                guarded(() -> listener.onEvent(message, receivedAtMicros));
            }
            case "initial_stats" -> {
                guarded(() -> listener.onInitialStats(message));
                if (resumeAfter >= 0) {
                    connection.send("{\"type\":\"resume\",\"last_seq\":" + resumeAfter + ",\"ref\":\"" + RESUME_REF + "\"}");
                }
                initialStatsReceived = true;
                settled.countDown();
            }
            case "error" -> {
                if ("gap".equals(message.path("code").asText()) && RESUME_REF.equals(message.path("ref").asText())) {
                    long first = message.path("first_seq").asLong();
                    log.warn("legacy observer: resumed after seq {} but the server's buffer starts at seq {}", resumeAfter, first);
                    guarded(() -> listener.onGap(resumeAfter, first));
                } else {
                    log.warn("legacy observer: server error {}", message);
                }
            }
            case "" -> unreadableMessages.incrementAndGet();
            default -> log.debug("legacy observer: ignoring {} message", message.path("type").asText());
        }
    }

    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            log.warn("legacy observer: listener failed on a message from {}", shown, e);
        }
    }

    private static long nowEpochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The Java-WebSocket client, kept private so its API does not leak into ours. */
    private final class Connection extends WebSocketClient {
        Connection(URI uri) {
            super(uri, new Draft_6455(List.of(), MAX_INBOUND_MESSAGE_BYTES));
            setTcpNoDelay(true);
            setDaemon(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            log.debug("legacy observer connected to {}", shown);
        }

        @Override
        public void onMessage(String message) {
            // Stamp arrival before parsing, so the figure measures the transport, not Jackson.
            dispatch(message, nowEpochMicros());
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closeDescription = "code " + code + (reason == null || reason.isEmpty() ? "" : ", " + reason);
            guarded(() -> listener.onClosed(code, reason));
            settled.countDown();
        }

        @Override
        public void onError(Exception ex) {
            log.debug("legacy observer: error on {}: {}", shown, ex.toString());
        }
    }

    /** The URI with the value of a {@code token} query parameter replaced by {@code ***}: fit for logs. */
    public static String redacted(URI uri) {
        return uri.toString().replaceAll("([?&]token=)[^&#]*", "$1***");
    }
}
