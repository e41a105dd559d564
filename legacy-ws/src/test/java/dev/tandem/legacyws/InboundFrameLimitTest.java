package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A non-default maxInboundFrameBytes: frames up to it are processed, a larger one closes the connection with 1009. */
class InboundFrameLimitTest {
    private static final int LIMIT = 1024;
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder()
                .clientLimits(ClientLimits.builder().maxInboundFrameBytes(LIMIT).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    /** A ping whose text frame payload is exactly {@code bytes} bytes; its ts echoes the padding. */
    private static String pingOf(int bytes, String ref) {
        String head = "{\"type\":\"ping\",\"ref\":\"" + ref + "\",\"ts\":\"";
        String tail = "\"}";
        String text = head + "p".repeat(bytes - head.length() - tail.length()) + tail;
        assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
        return text;
    }

    @Test
    void framesUpToTheLimitAreAnsweredAndOneByteMoreClosesWith1009() throws Exception {
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        client.send(pingOf(1000, "a"));
        assertEquals("a", client.next("pong").get("ref").asText());
        client.send(pingOf(LIMIT, "b"));
        assertEquals("b", client.next("pong").get("ref").asText(), "a frame of exactly the limit is processed");

        client.send(pingOf(LIMIT + 1, "c"));
        assertEquals(1009, client.awaitCloseCode());
        assertFalse(client.hasPending(), "the oversized ping was not answered");

        // Only that connection was refused: the server goes on serving.
        RecordingClient next = RecordingClient.open(server, "/ws");
        next.next("initial_stats");
        next.send(pingOf(LIMIT, "d"));
        assertEquals("d", next.next("pong").get("ref").asText());
        next.close();
    }
}
