package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** publish(): every client gets every event, in order, in the legacy shape; late joiners get the recent ones. */
class EventBroadcastTest {
    static final List<String> EVENT_KEYS = List.of("type", "connection_type", "direction", "script_name",
            "function_name", "data_size_bytes", "response_time_ms", "error", "metadata", "broadcast_time",
            "event_id", "seq", "occurred_at", "source", "event_type", "ingested_at");
    private static final int RECENT_LIMIT = 5;

    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder().replay(ReplaySettings.builder().recentEventsLimit(RECENT_LIMIT).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void observerAndRawClientReceiveEveryEventInSeqOrderWithEveryField() throws Exception {
        BlockingQueue<JsonNode> observed = new LinkedBlockingQueue<>(1000);
        List<Long> arrivalMicros = new ArrayList<>();
        LegacyObserver observer = new LegacyObserver(RecordingClient.uri(server, "/ws"), (event, micros) -> {
            arrivalMicros.add(micros);
            observed.add(event);
        });
        observer.connect(RecordingClient.TIMEOUT);
        RecordingClient raw = RecordingClient.open(server, "/ws");
        raw.next("initial_stats");
        Awaits.until(() -> server.connectedClients() == 2, () -> "connected: " + server.connectedClients());

        long before = Instant.now().getEpochSecond() * 1_000_000L;
        int n = 20;
        for (long seq = 1; seq <= n; seq++) {
            server.publish(seq == 7 ? TestEvents.minimal(seq) : TestEvents.full(seq));
        }
        for (long seq = 1; seq <= n; seq++) {
            JsonNode fromObserver = observed.poll(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode fromRaw = raw.next("event");
            assertEquals(seq, fromObserver.path("seq").asLong(), "observer order");
            assertEquals(fromObserver, fromRaw, "both clients get the same message");
            assertEquals(EVENT_KEYS, fieldNames(fromRaw), "every key, in the legacy order");
        }
        assertEquals(n, observer.eventsReceived());
        assertTrue(arrivalMicros.getFirst() >= before, "arrival is stamped in epoch microseconds");
        observer.close();
        raw.close();
    }

    /**
     * Publishing far faster than the selector drains builds each client's queue, so frames go out in
     * gathering writes of many at once: every frame must still arrive whole, once, in order.
     */
    @Test
    void aBurstFasterThanTheSocketDrainsArrivesWholeOnceAndInOrder() throws Exception {
        RecordingClient a = RecordingClient.open(server, "/ws");
        RecordingClient b = RecordingClient.open(server, "/ws");
        a.next("initial_stats");
        b.next("initial_stats");
        int burst = 5_000;
        for (long seq = 1; seq <= burst; seq++) {
            // All three frame-length encodings: 7-bit, 16-bit and 64-bit.
            server.publish(seq % 500 == 0 ? TestEvents.padded(seq, 70_000) : seq % 7 == 0 ? TestEvents.padded(seq, 200) : TestEvents.full(seq));
        }
        for (RecordingClient client : new RecordingClient[] {a, b}) {
            for (long seq = 1; seq <= burst; seq++) {
                JsonNode e = client.next("event");
                assertEquals(seq, e.get("seq").asLong());
                assertEquals(TestEvents.full(seq).eventId(), e.get("event_id").asText());
            }
        }
        a.close();
        b.close();
    }

    @Test
    void eventMessageCarriesTheEventsValuesAndNullsForAbsentOnes() throws Exception {
        RecordingClient raw = RecordingClient.open(server, "/ws");
        raw.next("initial_stats");
        server.publish(TestEvents.full(3));
        server.publish(TestEvents.minimal(4));

        JsonNode full = raw.next("event");
        assertEquals("redis", full.get("connection_type").asText());
        assertEquals("inbound", full.get("direction").asText());
        assertEquals("script_3", full.get("script_name").asText());
        assertEquals("function_3", full.get("function_name").asText());
        assertEquals(103, full.get("data_size_bytes").asLong());
        assertEquals(13.0, full.get("response_time_ms").asDouble());
        assertTrue(full.get("error").isNull());
        assertEquals(3, full.get("metadata").get("n").asLong());
        assertTrue(full.get("broadcast_time").asText().matches(InitialStatsTest.SECONDS_TIMESTAMP));
        assertEquals("evt-3", full.get("event_id").asText());
        assertEquals(TestEvents.BASE.plusSeconds(3).toString(), full.get("occurred_at").asText());
        assertEquals("instance-a", full.get("source").asText());
        assertEquals("call", full.get("event_type").asText());
        assertEquals(TestEvents.BASE.plusSeconds(3).plusMillis(5).toString(), full.get("ingested_at").asText());

        JsonNode minimal = raw.next("event");
        for (String key : List.of("script_name", "function_name", "data_size_bytes", "response_time_ms", "error",
                "occurred_at")) {
            assertTrue(minimal.get(key).isNull(), key + " should be null: " + minimal);
        }
        assertEquals(0, minimal.get("metadata").size());
        raw.close();
    }

    @Test
    void lateClientGetsTheLastRecentEventsOldestFirstExactlyAsBroadcast() throws Exception {
        RecordingClient early = RecordingClient.open(server, "/ws");
        early.next("initial_stats");
        List<JsonNode> broadcast = new ArrayList<>();
        for (long seq = 1; seq <= 12; seq++) {
            server.publish(TestEvents.full(seq));
            broadcast.add(early.next("event"));
        }

        RecordingClient late = RecordingClient.open(server, "/ws");
        JsonNode recent = late.next("initial_stats").get("recent_events");
        assertEquals(RECENT_LIMIT, recent.size());
        for (int i = 0; i < RECENT_LIMIT; i++) {
            assertEquals(broadcast.get(12 - RECENT_LIMIT + i), recent.get(i), "recent_events[" + i + "]");
        }
        // Live events continue right after the replayed ones.
        server.publish(TestEvents.full(13));
        assertEquals(13, late.next("event").get("seq").asLong());
        early.close();
        late.close();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
