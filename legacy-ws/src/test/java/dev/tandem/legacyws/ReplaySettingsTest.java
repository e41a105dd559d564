package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ReplaySettings r = ReplaySettings.defaults();
        assertEquals(100, r.recentEventsLimit());
        assertEquals(5_000, r.replayBufferCapacity());
        assertEquals(Duration.ofMinutes(5), r.replayBufferTtl());
        assertEquals(10_000, r.dedupWindowSize());
        assertEquals(Duration.ofMinutes(10), r.dedupWindowTtl());
        assertEquals(Duration.ofSeconds(60), r.criticalMessageTtl());
        assertEquals(16, r.maxCriticalMessagesPerClient());
        assertEquals(1024, r.maxCriticalMessagesTotal());
        // The documented relation: a full replay on resume stays below the default per-client backlog bound.
        assertTrue(r.replayBufferCapacity() < ClientLimits.DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT);
    }

    @Test
    void everySettingOutsideItsRangeIsRefusedWithNameAndRange() {
        assertMessage("recentEventsLimit must be 0..100000, got -1", b -> b.recentEventsLimit(-1));
        assertMessage("recentEventsLimit must be 0..100000, got 100001", b -> b.recentEventsLimit(100_001));
        assertMessage("replayBufferCapacity must be 0..1000000, got -1", b -> b.replayBufferCapacity(-1));
        assertMessage("replayBufferTtl must be PT1S..PT24H, got PT0.5S", b -> b.replayBufferTtl(Duration.ofMillis(500)));
        assertMessage("replayBufferTtl must be PT1S..PT24H, got null", b -> b.replayBufferTtl(null));
        assertMessage("dedupWindowSize must be 1..1000000, got 0", b -> b.dedupWindowSize(0));
        assertMessage("dedupWindowTtl must be PT1S..PT24H, got PT48H", b -> b.dedupWindowTtl(Duration.ofDays(2)));
        assertMessage("criticalMessageTtl must be PT0.001S..PT1H, got PT0S", b -> b.criticalMessageTtl(Duration.ZERO));
        assertMessage("maxCriticalMessagesPerClient must be 1..1000, got 1001", b -> b.maxCriticalMessagesPerClient(1001));
        assertMessage("maxCriticalMessagesTotal must be 1..100000, got 0", b -> b.maxCriticalMessagesTotal(0));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ReplaySettings r = ReplaySettings.builder().recentEventsLimit(0).replayBufferCapacity(0)
                .replayBufferTtl(Duration.ofSeconds(1)).dedupWindowSize(1).dedupWindowTtl(Duration.ofDays(1))
                .criticalMessageTtl(Duration.ofMillis(1)).maxCriticalMessagesPerClient(1).maxCriticalMessagesTotal(1)
                .build();
        assertEquals(r, r.toBuilder().build());
        assertEquals(r.hashCode(), r.toBuilder().build().hashCode());
        assertNotEquals(r, r.toBuilder().maxCriticalMessagesTotal(2).build());
    }

    private static void assertMessage(String expected, UnaryOperator<ReplaySettings.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(ReplaySettings.builder()).build());
        assertEquals(expected, e.getMessage());
    }
}
