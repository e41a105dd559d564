package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WriterConfigTest {
    @Test
    void defaultsAreTheNamedConstants() {
        WriterConfig c = WriterConfig.defaults();
        assertEquals(2_000, c.maxBatchSize());
        assertEquals(Duration.ofMillis(5), c.linger());
        assertEquals(100_000, c.queueCapacity());
        assertEquals(Duration.ofMillis(50), c.retryInitialBackoff());
        assertEquals(Duration.ofSeconds(5), c.retryMaxBackoff());
        assertEquals("monitoring_events", c.table());
        assertEquals(3, c.breakerFailureThreshold());
        assertEquals(Duration.ofSeconds(2), c.breakerOpenFor());
        assertNull(c.outageDir(), "no outage buffer unless one is configured");
        assertEquals(1L << 30, c.outageMaxBytes());
    }

    @Test
    void eachInvalidSettingIsRejectedWithItsNameAndRange() {
        assertRejected("maxBatchSize", "between 1 and 10000", b -> b.maxBatchSize(0));
        assertRejected("linger", "between 0 and", b -> b.linger(Duration.ofMillis(-1)));
        assertRejected("queueCapacity", "between maxBatchSize (2000)", b -> b.queueCapacity(1_999));
        assertRejected("retryInitialBackoff", "between 1 ms", b -> b.retryInitialBackoff(Duration.ZERO));
        assertRejected("retryMaxBackoff", "between retryInitialBackoff", b -> b.retryMaxBackoff(Duration.ofMillis(10)));
        assertRejected("table", "identifier", b -> b.table("events; DROP TABLE x"));
        assertRejected("breakerFailureThreshold", "between 1 and 1000", b -> b.breakerFailureThreshold(0));
        assertRejected("breakerOpenFor", "between PT0.01S and PT10M", b -> b.breakerOpenFor(Duration.ofMillis(5)));
        assertRejected("outageMaxBytes", "between 65536 and 1099511627776", b -> b.outageMaxBytes(65_535));
    }

    @Test
    void aSchemaQualifiedTableIsAccepted() {
        assertEquals("tandem.monitoring_events", WriterConfig.builder().table("tandem.monitoring_events").build().table());
    }

    @Test
    void rowsThatTheTableWouldRefuseAreRejectedAtConstruction() {
        EventRow ok = TestRows.row(1);
        IllegalArgumentException direction = assertThrows(IllegalArgumentException.class, () -> new EventRow(
                ok.eventId(), 1, "s", "t", "http", "sideways", null, null, null, null, null, "{}", null, ok.ingestedAt()));
        assertTrue(direction.getMessage().contains("direction"), direction.getMessage());
        NullPointerException source = assertThrows(NullPointerException.class, () -> new EventRow(
                ok.eventId(), 1, null, "t", "http", "inbound", null, null, null, null, null, "{}", null, ok.ingestedAt()));
        assertTrue(source.getMessage().contains("source"), source.getMessage());
    }

    private static void assertRejected(String setting, String range, UnaryOperator<WriterConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(WriterConfig.builder()).build());
        assertTrue(e.getMessage().startsWith(setting + " ") && e.getMessage().contains(range),
                "message should name " + setting + " and its range: " + e.getMessage());
    }
}
