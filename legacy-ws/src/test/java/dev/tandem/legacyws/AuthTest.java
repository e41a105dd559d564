package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auth on: handshakes without a valid token get a real HTTP 401 (seen on a raw socket), a wrong origin 403;
 * viewers may watch but not ingest.
 */
class AuthTest {
    private static final int BUFFER = 64 * 1024;
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder()
                .auth(AuthSettings.builder()
                        .tokens(Map.of("viewer-token", Set.of(Role.VIEWER), "producer-token", Set.of(Role.PRODUCER)))
                        .jwtSecret(Jwts.SECRET)
                        .allowedOrigins(Set.of("https://dash.example")).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    private int status(String target, String headers) throws Exception {
        try (RawUpgrade raw = RawUpgrade.open(server.port(), target, BUFFER, headers)) {
            return raw.status();
        }
    }

    @Test
    void aHandshakeWithoutAValidTokenIsRefusedWith401() throws Exception {
        try (RawUpgrade raw = RawUpgrade.open(server.port(), "/ws", BUFFER)) {
            assertTrue(raw.statusLine.startsWith("HTTP/1.1 401 Unauthorized"), raw.statusLine);
            raw.drainUntilClosed(); // and the server hangs up
        }
        assertEquals(401, status("/ws?token=nope", ""));
        assertEquals(401, status("/ws", "Authorization: Bearer nope\r\n"));
        assertEquals(401, status("/ws?token=" + Jwts.hs256("producer", Instant.now().minusSeconds(5)), ""), "expired JWT");
        assertEquals(404, status("/elsewhere?token=viewer-token", ""), "path is still checked first");
        assertEquals(0, server.connectedClients());
    }

    @Test
    void validStaticOrJwtTokensConnectFromAnAllowedOriginOnly() throws Exception {
        assertEquals(101, status("/ws?token=viewer-token", ""));
        assertEquals(101, status("/ws", "Authorization: Bearer producer-token\r\n"));
        assertEquals(101, status("/ws?token=" + Jwts.hs256("viewer", Instant.now().plusSeconds(60)), ""));
        assertEquals(101, status("/ws?token=viewer-token", "Origin: https://dash.example\r\n"));
        assertEquals(403, status("/ws?token=viewer-token", "Origin: https://evil.example\r\n"));
    }

    @Test
    void aViewerMayNotIngestButAProducerMay() throws Exception {
        server.producerIngest((event, clientId) ->
                java.util.concurrent.CompletableFuture.completedFuture(new IngestAck("id-" + clientId, 42)));
        RecordingClient viewer = RecordingClient.open(server, "/ws?token=viewer-token&client_id=v");
        viewer.next("initial_stats");
        viewer.send("{\"type\":\"ingest\",\"event\":{},\"ref\":1}");
        JsonNode refused = viewer.next("error");
        assertEquals("unauthorized", refused.get("code").asText());
        assertEquals(1, refused.get("ref").asInt());

        String jwt = Jwts.hs256("producer", Instant.now().plusSeconds(60));
        RecordingClient producer = RecordingClient.open(server, "/ws?client_id=p&token=" + jwt);
        producer.next("initial_stats");
        producer.send("{\"type\":\"ingest\",\"event\":{},\"ref\":2}");
        JsonNode ack = producer.next("ack");
        assertEquals("id-p", ack.get("event_id").asText());
        assertEquals(42, ack.get("seq").asLong());
        viewer.close();
        producer.close();
    }
}
