package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The server-level settings; each group has its own test (ClientLimitsTest, ReplaySettingsTest, AuthSettingsTest). */
class LegacyServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LegacyServerConfig c = LegacyServerConfig.defaults();
        assertEquals("0.0.0.0", c.host());
        assertEquals(8080, c.port());
        assertEquals("/ws", c.path());
        assertEquals(LegacyServerConfig.DEFAULT_PING_INTERVAL, c.pingInterval());
        assertEquals(Duration.ofSeconds(30), c.pingInterval());
        assertTrue(c.tcpNoDelay());
        assertEquals(ProducerIngest.REFUSING, c.producerIngest());
        assertNull(c.exportSource());
        assertEquals(ClientLimits.defaults(), c.clientLimits());
        assertEquals(ReplaySettings.defaults(), c.replay());
        assertEquals(AuthSettings.defaults(), c.auth());
        assertFalse(c.auth().enabled());
    }

    @Test
    void toBuilderKeepsEveryValueIncludingTheGroups() {
        LegacyServerConfig c = LegacyServerConfig.builder().host("127.0.0.1").port(0).path("/live")
                .pingInterval(Duration.ofSeconds(5)).tcpNoDelay(false)
                .clientLimits(ClientLimits.builder().maxQueuedMessagesPerClient(1).maxQueuedBytesPerClient(1024).build())
                .replay(ReplaySettings.builder().recentEventsLimit(0).build())
                .auth(AuthSettings.builder().allowedOrigins(Set.of("https://dash.example")).build())
                .build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertNotEquals(c, c.toBuilder().replay(ReplaySettings.defaults()).build());
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
    void pingIntervalIsRangeChecked() {
        assertMessage("pingInterval must be PT0.01S..PT1H, got PT0S", b -> b.pingInterval(Duration.ZERO));
        assertMessage("pingInterval must be PT0.01S..PT1H, got null", b -> b.pingInterval(null));
    }

    @Test
    void aMissingGroupIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> LegacyServerConfig.builder().clientLimits(null).build());
        assertEquals("clientLimits must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> LegacyServerConfig.builder().auth(null).build());
        assertEquals("auth must not be null", e.getMessage());
    }

    @Test
    void toStringNeverShowsTokensOrTheSecret() {
        LegacyServerConfig c = LegacyServerConfig.builder()
                .auth(AuthSettings.builder().tokens(Map.of("s3cret-token", Set.of(Role.VIEWER)))
                        .jwtSecret("another-secret-of-at-least-32-bytes!").build())
                .build();
        assertFalse(c.toString().contains("s3cret"), c::toString);
        assertFalse(c.toString().contains("another-secret"), c::toString);
        assertTrue(c.toString().contains("tokens=1, jwt=true"), c::toString);
        assertTrue(c.auth().enabled());
        assertEquals(c, c.toBuilder().build());
    }

    private static void assertMessage(String expected, UnaryOperator<LegacyServerConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(LegacyServerConfig.builder()).build());
        assertEquals(expected, e.getMessage());
    }
}
