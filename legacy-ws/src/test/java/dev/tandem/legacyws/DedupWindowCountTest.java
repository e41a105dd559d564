package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The count side of the dedup window (dedupWindowSize N, full policy forget_oldest): an event_id is
 * suppressed while fewer than N other ids were first seen after it, and broadcast again once N were. A
 * suppressed repeat does not renew an id. The clock stands still, so the TTL side never applies.
 */
class DedupWindowCountTest {
    private static final int WINDOW = 5;

    private static LegacyServer start() {
        return TestEvents.startServer(LegacyServerConfig.builder().clock(new MutableClock())
                .replay(ReplaySettings.builder().dedupWindowSize(WINDOW).build()));
    }

    @Test
    void anIdIsSuppressedWithNMinusOneNewerIdsAndBroadcastAgainWithN() throws Exception {
        try (LegacyServer server = start()) {
            RecordingClient client = RecordingClient.open(server, "/ws");
            client.next("initial_stats");
            long seq = 0;
            List<Long> expected = new ArrayList<>();
            server.publish(TestEvents.withId("x", ++seq));
            expected.add(seq);
            for (int i = 1; i < WINDOW; i++) { // N - 1 newer distinct ids: x is still the oldest in the window
                server.publish(TestEvents.withId("fresh-" + i, ++seq));
                expected.add(seq);
            }
            server.publish(TestEvents.withId("x", ++seq)); // suppressed
            server.publish(TestEvents.withId("fresh-" + WINDOW, ++seq)); // the N-th newer id pushes x out
            expected.add(seq);
            server.publish(TestEvents.withId("x", ++seq)); // new again
            expected.add(seq);
            server.publish(TestEvents.withId("fresh-" + WINDOW, ++seq)); // still within: suppressed
            client.send("{\"type\":\"get_stats\"}");

            for (long s : expected) {
                JsonNode event = client.next("event");
                assertEquals(s, event.get("seq").asLong(), () -> "broadcast " + expected + ", got " + event);
            }
            assertEquals(2, client.next("stats").at("/stats/websocket/queue/duplicates_suppressed").asLong());
            assertFalse(client.hasPending());
            client.close();
        }
    }

    /**
     * A seeded random stream over a pool of ids a little larger than the window, so ids keep falling out of it
     * and coming back; checked against a first-in-first-out set of the last N ids broadcast.
     */
    @Test
    void aRandomStreamMatchesAFirstInFirstOutWindowOfNIds() throws Exception {
        Random random = new Random(20_251_101L);
        int pool = WINDOW + 3;
        int publishes = 400;
        ArrayDeque<String> window = new ArrayDeque<>();
        Set<String> inWindow = new HashSet<>();
        List<Long> expected = new ArrayList<>();
        int suppressed = 0;
        try (LegacyServer server = start()) {
            RecordingClient client = RecordingClient.open(server, "/ws");
            client.next("initial_stats");
            for (long seq = 1; seq <= publishes; seq++) {
                String id = "id-" + random.nextInt(pool);
                server.publish(TestEvents.withId(id, seq));
                if (inWindow.contains(id)) {
                    suppressed++;
                    continue;
                }
                expected.add(seq);
                window.addLast(id);
                inWindow.add(id);
                if (window.size() > WINDOW) {
                    inWindow.remove(window.removeFirst());
                }
            }
            client.send("{\"type\":\"get_stats\"}");
            for (long s : expected) {
                assertEquals(s, client.next("event").get("seq").asLong());
            }
            assertEquals(suppressed, client.next("stats").at("/stats/websocket/queue/duplicates_suppressed").asLong());
            assertFalse(client.hasPending());
            // Both sides were exercised: some repeats suppressed, some ids broadcast again after falling out.
            assertTrue(suppressed > 0 && expected.size() > pool, "suppressed " + suppressed
                    + ", broadcast " + expected.size());
            client.close();
        }
    }
}
