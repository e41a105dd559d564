package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ClientLimits l = ClientLimits.defaults();
        assertEquals(10_000, l.maxQueuedMessagesPerClient());
        assertEquals(16L * 1024 * 1024, l.maxQueuedBytesPerClient());
        assertEquals(64 * 1024, l.maxInboundFrameBytes());
        assertEquals(20.0, l.rateLimitPerSecond());
        assertEquals(40, l.rateLimitBurst());
        assertEquals(64, l.maxInFlightRequests());
        assertEquals(10_000, l.exportMaxRows());
        assertEquals(ClientLimits.builder().build(), l);
    }

    @Test
    void everyLimitOutsideItsRangeIsRefusedWithNameAndRange() {
        assertMessage("maxQueuedMessagesPerClient must be 1..1000000, got 0", b -> b.maxQueuedMessagesPerClient(0));
        assertMessage("maxQueuedBytesPerClient must be 1024..1073741824, got 100", b -> b.maxQueuedBytesPerClient(100));
        assertMessage("maxInboundFrameBytes must be 1024..16777216, got 1023", b -> b.maxInboundFrameBytes(1023));
        assertMessage("maxInboundFrameBytes must be 1024..16777216, got 16777217",
                b -> b.maxInboundFrameBytes(16 * 1024 * 1024 + 1));
        assertMessage("rateLimitPerSecond must be 0.001..100000, got 0.0", b -> b.rateLimitPerSecond(0));
        assertMessage("rateLimitPerSecond must be 0.001..100000, got NaN", b -> b.rateLimitPerSecond(Double.NaN));
        assertMessage("rateLimitBurst must be 1..100000, got 0", b -> b.rateLimitBurst(0));
        assertMessage("maxInFlightRequests must be 1..100000, got 0", b -> b.maxInFlightRequests(0));
        assertMessage("exportMaxRows must be 1..1000000, got 0", b -> b.exportMaxRows(0));
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        ClientLimits low = ClientLimits.builder().maxQueuedMessagesPerClient(1)
                .maxQueuedBytesPerClient(ClientLimits.MIN_QUEUED_BYTES_LIMIT)
                .maxInboundFrameBytes(ClientLimits.MIN_INBOUND_FRAME_BYTES_LIMIT).rateLimitPerSecond(0.001)
                .rateLimitBurst(1).maxInFlightRequests(1).exportMaxRows(1).build();
        assertEquals(1024, low.maxInboundFrameBytes());
        ClientLimits high = ClientLimits.builder().maxQueuedMessagesPerClient(ClientLimits.MAX_QUEUED_MESSAGES_LIMIT)
                .maxQueuedBytesPerClient(ClientLimits.MAX_QUEUED_BYTES_LIMIT).build();
        assertEquals(ClientLimits.MAX_QUEUED_BYTES_LIMIT, high.maxQueuedBytesPerClient());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ClientLimits l = ClientLimits.builder().maxQueuedMessagesPerClient(7).maxQueuedBytesPerClient(4096)
                .maxInboundFrameBytes(2048).rateLimitPerSecond(2.5).rateLimitBurst(3).maxInFlightRequests(4)
                .exportMaxRows(5).build();
        assertEquals(l, l.toBuilder().build());
        assertEquals(l.hashCode(), l.toBuilder().build().hashCode());
        assertNotEquals(l, l.toBuilder().rateLimitPerSecond(2.6).build());
    }

    private static void assertMessage(String expected, UnaryOperator<ClientLimits.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(ClientLimits.builder()).build());
        assertEquals(expected, e.getMessage());
    }
}
