package dev.tandem.benchmarks;

import dev.tandem.legacyws.ClientLimits;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.legacyws.LegacyServerConfig;
import java.time.Duration;

/**
 * Tandem's legacy-ws server, fed through its public {@link LegacyServer#publish}. The per-client backlog limits
 * are raised to their maximum: the benchmark's own flow control bounds the backlog, and a client evicted as
 * slow would be a measurement artefact (evictions still show up as disconnects).
 */
final class TandemServer implements BenchServer {
    private final EventText events = new EventText();
    private final LegacyServer server;
    private final boolean tcpNoDelay;

    TandemServer(boolean tcpNoDelay) {
        LegacyServerConfig config = LegacyServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .clientLimits(ClientLimits.builder()
                        .maxQueuedMessagesPerClient(ClientLimits.MAX_QUEUED_MESSAGES_LIMIT)
                        .maxQueuedBytesPerClient(ClientLimits.MAX_QUEUED_BYTES_LIMIT)
                        .build())
                .tcpNoDelay(tcpNoDelay)
                .build();
        this.server = new LegacyServer(config);
        this.tcpNoDelay = config.tcpNoDelay();
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String path() {
        return server.config().path();
    }

    @Override
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public int connections() {
        return server.connectedClients();
    }

    @Override
    public void publish(long seq, long stampMicros) {
        server.publish(events.tandem(seq, stampMicros));
    }

    @Override
    public void stop() {
        server.stop(Duration.ofSeconds(1));
    }
}
