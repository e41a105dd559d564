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

    @Test
    void newSettingsHaveNamedDefaultsAndRangeChecks() {
        LegacyServerConfig c = LegacyServerConfig.defaults();
        assertEquals(LegacyServerConfig.DEFAULT_PING_INTERVAL, c.pingInterval());
        assertEquals(java.time.Duration.ofSeconds(30), c.pingInterval());
        assertEquals(64 * 1024, c.maxInboundFrameBytes());
        assertEquals(5_000, c.replayBufferCapacity());
        assertEquals(ProducerIngest.REFUSING, c.producerIngest());
        assertEquals(false, c.authEnabled());
        assertMessage("rateLimitBurst must be 1..100000, got 0", b -> b.rateLimitBurst(0));
        assertMessage("exportMaxRows must be 1..1000000, got 0", b -> b.exportMaxRows(0));
        assertMessage("pingInterval must be PT0.01S..PT1H, got PT0S", b -> b.pingInterval(java.time.Duration.ZERO));
        assertMessage("jwtSecret must be at least 32 bytes (HS256), got 5", b -> b.jwtSecret("short"));
        assertMessage("tokens must map non-blank tokens to at least one role",
                b -> b.tokens(java.util.Map.of("t", java.util.Set.of())));
    }

    @Test
    void toStringNeverShowsTokensOrTheSecret() {
        LegacyServerConfig c = LegacyServerConfig.builder().tokens(java.util.Map.of("s3cret-token", java.util.Set.of(Role.VIEWER)))
                .jwtSecret("another-secret-of-at-least-32-bytes!").build();
        assertEquals(false, c.toString().contains("s3cret"));
        assertEquals(false, c.toString().contains("another-secret"));
        assertEquals(true, c.authEnabled());
        assertEquals(c, c.toBuilder().build());
    }
}
