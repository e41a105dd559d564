package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client → server messages: answers, errors that keep the connection open, and refused frames. */
class ClientRequestTest {
    private LegacyServer server;
    private RecordingClient client;

    @BeforeEach
    void connect() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder());
        client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void badJsonGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        client.send("{\"type\":\"ping\", oops");
        JsonNode error = client.next("error");
        assertEquals("bad_json", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith("message is not valid JSON"), error.toString());

        client.send("{\"type\":\"ping\",\"ts\":1730464496123,\"ref\":{\"n\":7}}");
        JsonNode pong = client.next("pong");
        assertEquals(1730464496123L, pong.get("ts").asLong());
        assertEquals(7, pong.get("ref").get("n").asInt());
    }

    @Test
    void jsonThatIsNotAnObjectOrHasTrailingJunkIsBadJson() throws Exception {
        client.send("[1,2]");
        assertEquals("bad_json", client.next("error").get("code").asText());
        client.send("{\"type\":\"ping\"} junk");
        assertEquals("bad_json", client.next("error").get("code").asText());
    }

    @Test
    void unknownTypeIsNamedAndItsRefEchoed() throws Exception {
        client.send("{\"type\":\"launch_rockets\",\"ref\":\"r-9\"}");
        JsonNode error = client.next("error");
        assertEquals("unknown_type", error.get("code").asText());
        assertEquals("r-9", error.get("ref").asText());
        assertTrue(error.get("message").asText().contains("launch_rockets"), error.toString());
    }

    @Test
    void missingTypeIsABadField() throws Exception {
        client.send("{\"ref\":3}");
        JsonNode error = client.next("error");
        assertEquals("bad_field", error.get("code").asText());
        assertEquals(3, error.get("ref").asInt());
    }

    @Test
    void pingWithoutRefOrTsAnswersPongWithoutRef() throws Exception {
        client.send("{\"type\":\"ping\"}");
        JsonNode pong = client.next("pong");
        assertTrue(pong.get("ts").isNull());
        assertTrue(!pong.has("ref"), "an absent ref stays absent: " + pong);
    }

    @Test
    void messagesInAndOutAreCountedPerSession() throws Exception {
        client.send("{\"type\":\"ping\"}");
        client.next("pong");
        client.send("not json");
        client.next("error");
        client.send("{\"type\":\"get_stats\"}");
        JsonNode sessions = client.next("stats").get("session_metrics");
        // In: ping, junk, get_stats. Out before the stats answer: initial_stats, pong, error.
        assertEquals(3, sessions.get("messages_in").asLong());
        assertEquals(3, sessions.get("messages_out").asLong());
    }

    @Test
    void binaryFrameClosesWith1003() throws Exception {
        client.send(new byte[] {1, 2, 3});
        assertEquals(1003, client.awaitCloseCode());
    }

    @Test
    void frameOverTheInboundLimitClosesWith1009() throws Exception {
        client.send("{\"type\":\"ping\",\"ts\":\"" + "x".repeat(70 * 1024) + "\"}");
        assertEquals(1009, client.awaitCloseCode());
    }
}
