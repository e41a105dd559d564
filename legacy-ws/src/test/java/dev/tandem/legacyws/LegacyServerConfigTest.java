package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LegacyServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LegacyServerConfig c = LegacyServerConfig.defaults();
        assertEquals("0.0.0.0", c.host());
        assertEquals(8080, c.port());
        assertEquals("/ws", c.path());
        assertEquals(100, c.recentEventsLimit());
        assertEquals(10_000, c.maxQueuedMessagesPerClient());
        assertEquals(16L * 1024 * 1024, c.maxQueuedBytesPerClient());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        LegacyServerConfig c = LegacyServerConfig.builder().host("127.0.0.1").port(0).path("/live")
                .recentEventsLimit(0).maxQueuedMessagesPerClient(1).maxQueuedBytesPerClient(1024).build();
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void portOutsideRangeIsRefusedWithNameAndRange() {
        assertMessage("port must be 0..65535, got 70000", b -> b.port(70000));
        assertMessage("port must be 0..65535, got -1", b -> b.port(-1));
    }

    @Test
    void pathMustBeAnAbsolutePathWithoutQuery() {
        assertMessage("path must start with '/', got \"ws\"", b -> b.path("ws"));
        assertMessage("path must start with '/', got null", b -> b.path(null));
        assertMessage("path must not contain '?', '#' or whitespace, got \"/ws?x=1\"", b -> b.path("/ws?x=1"));
    }

    @Test
    void hostMustBeGiven() {
        assertMessage("host must be a host name or IP address, got \" \"", b -> b.host(" "));
    }

    @Test
    void limitsOutsideTheirRangesAreRefusedWithNameAndRange() {
        assertMessage("recentEventsLimit must be 0..100000, got -1", b -> b.recentEventsLimit(-1));
        assertMessage("maxQueuedMessagesPerClient must be 1..1000000, got 0", b -> b.maxQueuedMessagesPerClient(0));
        assertMessage("maxQueuedBytesPerClient must be 1024..1073741824, got 100", b -> b.maxQueuedBytesPerClient(100));
    }

    private static void assertMessage(String expected, UnaryOperator<LegacyServerConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(LegacyServerConfig.builder()).build());
        assertEquals(expected, e.getMessage());
    }
}
