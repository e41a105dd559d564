package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** start() binds or says why not; stop() sends every client away with 1001 and releases the port. */
class ServerLifecycleTest {

    @Test
    void stopClosesEveryClientWith1001AndStopsListening() throws Exception {
        LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder());
        int port = server.port();
        CompletableFuture<Integer> observerClose = new CompletableFuture<>();
        LegacyObserver observer = new LegacyObserver(RecordingClient.uri(server, "/ws"), new LegacyObserver.Listener() {
            @Override
            public void onEvent(com.fasterxml.jackson.databind.JsonNode event, long receivedAtEpochMicros) {
            }

            @Override
            public void onClosed(int code, String reason) {
                observerClose.complete(code);
            }
        });
        observer.connect(RecordingClient.TIMEOUT);
        RecordingClient raw = RecordingClient.open(server, "/ws");
        raw.next("initial_stats");
        Awaits.until(() -> server.connectedClients() == 2, () -> "connected: " + server.connectedClients());

        server.stop(RecordingClient.TIMEOUT);

        assertEquals(1001, raw.awaitCloseCode());
        assertEquals(1001, observerClose.get(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, server.connectedClients());
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        });
    }

    @Test
    void startOnAPortInUseFailsNamingHostAndPort() throws IOException {
        LegacyServer first = TestEvents.startServer(LegacyServerConfig.builder());
        try {
            LegacyServer second = new LegacyServer(LegacyServerConfig.builder().host("127.0.0.1").port(first.port()).build());
            IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().startsWith("legacy-ws could not listen on 127.0.0.1:" + first.port() + ": "),
                    e.getMessage());
            second.stop(Duration.ZERO); // harmless on a server that never ran
        } finally {
            first.stop(RecordingClient.TIMEOUT);
        }
    }

    @Test
    void portIsTheBoundEphemeralPortAndStartIsOnceOnly() {
        LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder());
        try {
            assertTrue(server.port() > 0, "an ephemeral port was bound: " + server.port());
            assertThrows(IllegalStateException.class, server::start);
        } finally {
            server.stop(RecordingClient.TIMEOUT);
        }
    }

    @Test
    void portBeforeStartIsAnError() {
        LegacyServer server = new LegacyServer(LegacyServerConfig.builder().port(0).build());
        assertThrows(IllegalStateException.class, server::port);
    }
}
