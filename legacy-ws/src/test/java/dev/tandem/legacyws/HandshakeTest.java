package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only the configured path upgrades; everything else is refused with HTTP 404 before any WebSocket traffic. */
class HandshakeTest {
    private static final int DEFAULT_RECEIVE_BUFFER = 64 * 1024;
    private static LegacyServer server;

    @BeforeAll
    static void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder().path("/live"));
    }

    @AfterAll
    static void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void configuredPathUpgradesWhateverTheQueryString() throws Exception {
        try (RawUpgrade upgrade = RawUpgrade.open(server.port(), "/live?client_id=a&token=t", DEFAULT_RECEIVE_BUFFER)) {
            assertEquals(101, upgrade.status(), upgrade.statusLine);
        }
    }

    @Test
    void clientHangingUpRightAfterTheUpgradeLeavesNoSessionBehind() throws Exception {
        // Hanging up as soon as the 101 arrives can race Java-WebSocket into marking a closed connection open
        // (see LegacyEngine.onOpen); repeated to give that race a chance to show.
        for (int i = 0; i < 20; i++) {
            try (RawUpgrade upgrade = RawUpgrade.open(server.port(), "/live?client_id=hangup-" + i, DEFAULT_RECEIVE_BUFFER)) {
                assertEquals(101, upgrade.status(), upgrade.statusLine);
            }
            Awaits.until(() -> server.connectedClients() == 0, () -> "sessions left: " + server.connectedClients());
        }
    }

    @Test
    void otherPathsAreRefusedWith404() throws Exception {
        for (String target : new String[] {"/ws", "/", "/live/", "/liveness", "/ws?path=/live"}) {
            try (RawUpgrade upgrade = RawUpgrade.open(server.port(), target, DEFAULT_RECEIVE_BUFFER)) {
                assertEquals(404, upgrade.status(), target + " -> " + upgrade.statusLine);
                upgrade.drainUntilClosed(); // the server closes after the refusal (else this times out)
            }
        }
        assertEquals(0, server.connectedClients());
    }

    @Test
    void overlongClientIdIsRefused() throws Exception {
        String id = "x".repeat(129);
        try (RawUpgrade upgrade = RawUpgrade.open(server.port(), "/live?client_id=" + id, DEFAULT_RECEIVE_BUFFER)) {
            assertEquals(404, upgrade.status(), upgrade.statusLine);
        }
    }

    @Test
    void observerReportsTheRefusalWithItsStatus() {
        URI wrong = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        LegacyObserver observer = new LegacyObserver(wrong, (event, micros) -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> observer.connect(RecordingClient.TIMEOUT));
        assertTrue(e.getMessage().contains("closed before initial_stats") && e.getMessage().contains("404"),
                e.getMessage());
    }
}
