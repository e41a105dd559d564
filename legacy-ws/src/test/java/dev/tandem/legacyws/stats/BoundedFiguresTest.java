package dev.tandem.legacyws.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.message.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every buffer behind the stats is bounded, and each does what its full policy says when full. */
class BoundedFiguresTest {

    @Test
    void recentEventsKeepsTheNewestOldestFirst() {
        RecentEvents recent = new RecentEvents(3);
        assertEquals(List.of(), recent.snapshot());
        for (int i = 1; i <= 7; i++) {
            recent.add("e" + i);
        }
        assertEquals(List.of("e5", "e6", "e7"), recent.snapshot());
    }

    @Test
    void recentEventsWithNoCapacityKeepsNothing() {
        RecentEvents none = new RecentEvents(0);
        none.add("e1");
        assertEquals(List.of(), none.snapshot());
    }

    @Test
    void p95FollowsOnlyTheLatestWindowOfResponseTimes() {
        ResponseTimeWindow window = new ResponseTimeWindow(100);
        for (int i = 1; i <= 100; i++) {
            window.add(i);
        }
        assertEquals(95.0, window.p95());
        // A full window of fast responses pushes every slow one out.
        for (int i = 0; i < 100; i++) {
            window.add(1.0);
        }
        assertEquals(100, window.size());
        assertEquals(1.0, window.p95());
    }

    @Test
    void connectionTypesBeyondTheLimitAreCountedAsOther() {
        TrafficStats traffic = new TrafficStats();
        int extra = TrafficStats.MAX_CONNECTION_TYPES - TrafficStats.ALWAYS_REPORTED.size();
        for (int i = 0; i < extra + 10; i++) {
            traffic.record(event("type-" + i));
        }
        JsonNode json = traffic.toJson();
        assertEquals(TrafficStats.MAX_CONNECTION_TYPES + 1, json.size(), "the limit, plus the overflow entry");
        assertEquals(10, json.get(TrafficStats.OVERFLOW_TYPE).get("events").asLong());
        assertTrue(json.has("type-0"));
        assertFalse(json.has("type-" + extra));
    }

    @Test
    void clientKindsBeyondTheLimitAreCountedAsOtherAndClosedSessionsLeaveTheirKind() {
        SessionStats sessions = new SessionStats();
        for (int i = 0; i < SessionStats.MAX_CLIENT_KINDS; i++) {
            sessions.opened("kind-" + i, null);
        }
        assertEquals(SessionStats.OVERFLOW_KIND, sessions.opened("one-too-many", null));
        String counted = sessions.opened("kind-3", "dash");
        assertEquals("kind-3", counted, "a kind already counted is still accepted");
        sessions.closed(counted, Duration.ofMillis(400), 2, 5);

        JsonNode json = sessions.toJson(1, 1);
        assertEquals(1, json.get("sessions_by_client_kind").get("kind-3").asLong());
        assertEquals(1, json.get("sessions_by_client_kind").get(SessionStats.OVERFLOW_KIND).asLong());
        assertEquals(SessionStats.MAX_CLIENT_KINDS + 1, json.get("active_sessions").asLong());
        assertEquals(SessionStats.MAX_CLIENT_KINDS + 2, json.get("total_sessions").asLong());
        assertEquals(400.0, json.get("avg_session_duration_ms").asDouble());
        assertEquals(3, json.get("messages_in").asLong());
        assertEquals(6, json.get("messages_out").asLong());
    }

    @Test
    void reconnectionsForgetTheLeastRecentlySeenClientFirst() {
        RecentClientIds ids = new RecentClientIds(2);
        assertFalse(ids.seen("a"));
        assertFalse(ids.seen("b"));
        assertTrue(ids.seen("a")); // a is now the most recent
        assertFalse(ids.seen("c")); // evicts b
        assertFalse(ids.seen("b"));
        assertTrue(ids.seen("c"));
    }

    private static LegacyEvent event(String connectionType) {
        return new LegacyEvent("id", 1, "src", "call", connectionType, "inbound", null, null, null, null, null,
                Json.object(), null, Instant.EPOCH);
    }
}
