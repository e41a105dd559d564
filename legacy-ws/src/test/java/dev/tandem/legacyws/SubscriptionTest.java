package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code subscribe}/{@code unsubscribe} filter which events a client gets; each is acked when it has a ref. */
class SubscriptionTest {
    private LegacyServer server;
    private RecordingClient client;
    private long seq;

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

    private void publish(String type) {
        ObjectNode meta = Json.object();
        server.publish(TestEvents.event(++seq, type, "inbound", 1L, 1.0, null, meta));
    }

    /** Publishes one event of each type, then a marker the client always gets, and returns what arrived. */
    private String received(String... types) throws Exception {
        for (String t : types) {
            publish(t);
        }
        client.send("{\"type\":\"ping\",\"ts\":\"marker\"}");
        StringBuilder got = new StringBuilder();
        for (var m = client.next(); !m.path("type").asText().equals("pong"); m = client.next()) {
            got.append(m.get("connection_type").asText()).append(' ');
        }
        return got.toString().trim();
    }

    @Test
    void subscribeNarrowsUnsubscribeRemovesAndAnEmptyUnsubscribeRestoresAll() throws Exception {
        assertEquals("redis kimi glm", received("redis", "kimi", "glm"), "default: all");
        client.send("{\"type\":\"subscribe\",\"connection_types\":[\"redis\"],\"ref\":\"s\"}");
        assertEquals("s", client.next("ack").get("ref").asText());
        assertEquals("redis", received("redis", "kimi", "glm"));
        client.send("{\"type\":\"subscribe\",\"connection_types\":[\"glm\"],\"ref\":1}");
        client.next("ack"); // the filter applies once acked; publishing before would race it
        assertEquals("redis glm", received("redis", "kimi", "glm"), "subscribe adds");
        client.send("{\"type\":\"unsubscribe\",\"connection_types\":[\"redis\"],\"ref\":\"u\"}");
        assertEquals("u", client.next("ack").get("ref").asText());
        assertEquals("glm", received("redis", "kimi", "glm"));
        client.send("{\"type\":\"unsubscribe\",\"ref\":2}");
        client.next("ack");
        assertEquals("redis kimi glm", received("redis", "kimi", "glm"), "back to all");
        client.send("{\"type\":\"unsubscribe\",\"connection_types\":[\"kimi\"],\"ref\":3}");
        client.next("ack");
        assertEquals("redis glm", received("redis", "kimi", "glm"), "all but kimi");
        assertFalse(client.hasPending());
    }

    @Test
    void aSubscribeWithoutAListIsABadField() throws Exception {
        client.send("{\"type\":\"subscribe\",\"ref\":1}");
        assertEquals("bad_field", client.next("error").get("code").asText());
        client.send("{\"type\":\"subscribe\",\"connection_types\":[1,2]}");
        assertEquals("bad_field", client.next("error").get("code").asText());
    }
}
