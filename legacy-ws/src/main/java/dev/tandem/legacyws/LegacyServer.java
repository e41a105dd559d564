package dev.tandem.legacyws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.server.ServerRuntime;
import java.time.Duration;
import java.util.Objects;

/**
 * The legacy monitoring WebSocket server (shared/spec/legacy-protocol.md): old dashboards connect to
 * {@code ws://host:port/path}, get {@code initial_stats}, then every published {@code event}.
 *
 * <p>Feed it through {@link #publish}, one event at a time in seq order. A slow client never slows the
 * caller or other clients: a client whose unsent backlog passes the configured limits is closed with 1013.
 * Events are kept in a bounded replay buffer for {@code resume}; a repeated event_id is broadcast once.
 * Single use: start once, stop once.
 */
public final class LegacyServer implements AutoCloseable {
    /** The drain {@link #close()} allows. */
    public static final Duration DEFAULT_STOP_DRAIN = Duration.ofSeconds(2);

    private final LegacyServerConfig config;
    private final ServerRuntime runtime;

    public LegacyServer(LegacyServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = new ServerRuntime(config);
    }

    /**
     * Binds and starts serving; returns once the socket is bound.
     *
     * @throws IllegalStateException naming host:port when binding fails (e.g. the port is in use) or takes
     *                               longer than {@link ServerRuntime#START_TIMEOUT}, or when already started
     */
    public void start() {
        runtime.start();
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        return runtime.port();
    }

    /** Clients whose session is open (including ones being closed that have not finished closing yet). */
    public int connectedClients() {
        return runtime.connectedClients();
    }

    /** The clients whose session is open now, as each introduced itself (client_id, client_kind, tenant). */
    public java.util.List<ConnectedClient> clients() {
        return runtime.clients();
    }

    /**
     * Broadcasts {@code event} to every open client and records it in the stats and the recent-events
     * buffer. Thread-safe; calls must arrive in seq order. Never blocks on a client.
     */
    public void publish(LegacyEvent event) {
        runtime.publish(event);
    }

    /**
     * Broadcasts {@code {"type":"test_event","event_id","timestamp","message"}} to every client (the adapter's
     * {@code POST /api/test-event}); returns the event_id. Test events are not replayed or exported.
     */
    public String broadcastTestEvent(String message) {
        return runtime.broadcastTestEvent(Objects.requireNonNull(message, "message"));
    }

    /**
     * The figures a {@code get_stats} answer carries now ({@code stats}, {@code session_metrics},
     * {@code semaphore_metrics}, {@code websocket_health}, {@code timestamp}), without a client_id: what the
     * adapter mirrors into {@code monitoring_stats} for Realtime dashboards. A fresh object on every call.
     */
    public ObjectNode statsSnapshot() {
        return runtime.statsSnapshot();
    }

    /**
     * Sends a control message (e.g. {@code transport_change}) to the client with {@code clientId}. Critical:
     * when that client is not connected it waits for it up to the configured criticalMessageTtl.
     *
     * @param message a JSON object with at least a string {@code type}
     */
    public void sendControl(String clientId, ObjectNode message) {
        Objects.requireNonNull(clientId, "clientId");
        if (message == null || !message.path("type").isTextual()) {
            throw new IllegalArgumentException("message must be a JSON object with a string 'type'");
        }
        runtime.sendControl(clientId, Json.write(message));
    }

    /** Replaces the {@link ProducerIngest} set in the config (e.g. once the adapter's pipeline exists). */
    public void producerIngest(ProducerIngest ingest) {
        runtime.producerIngest(Objects.requireNonNull(ingest, "ingest"));
    }

    /** Replaces the {@link ExportSource} (the default exports from the replay buffer). */
    public void exportSource(ExportSource source) {
        runtime.exportSource(Objects.requireNonNull(source, "source"));
    }

    /**
     * Refuses new connections, closes every client with 1001 "going away" after what it already has queued,
     * waits up to {@code drain} for them to go, drops the rest, and stops listening.
     */
    public void stop(Duration drain) {
        runtime.stop(Objects.requireNonNull(drain, "drain"));
    }

    /** {@link #stop} with {@link #DEFAULT_STOP_DRAIN}. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_DRAIN);
    }

    public LegacyServerConfig config() {
        return config;
    }
}
