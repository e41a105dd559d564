package dev.tandem.realtimebridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's defaults (the real server's) and its refusals, each naming the setting and the limit. */
class LocalRealtimeConfigTest {
    private static LocalRealtimeConfig.Builder valid() {
        return LocalRealtimeConfig.builder().jwtSecret(Keys.SECRET).database("jdbc:postgresql://h/db", "u", null);
    }

    @Test
    void defaultsAreASelfHostedTenantsAndAcceptAnyKeyIsOff() {
        LocalRealtimeConfig c = valid().build();
        assertFalse(c.acceptAnyKey());
        assertEquals(4000, c.port());
        assertEquals("127.0.0.1", c.host());
        assertEquals(Duration.ofSeconds(60), c.idleTimeout());
        assertEquals(200, c.maxConcurrentUsers());
        assertEquals(100, c.maxEventsPerSecond());
        assertEquals(100, c.maxJoinsPerSecond());
        assertEquals(100, c.maxChannelsPerClient());
        assertEquals("supabase_realtime", c.publication());
    }

    @Test
    void refusalsNameTheSettingAndTheLimit() {
        assertEquals("jwtSecret must be at least 32 bytes (HS256), unless acceptAnyKey is on",
                assertThrows(IllegalArgumentException.class, () -> valid().jwtSecret("short").build()).getMessage());
        assertEquals("maxChannelsPerClient must be between 1 and 100000, got: 0", assertThrows(
                IllegalArgumentException.class, () -> valid().maxChannelsPerClient(0).build()).getMessage());
        assertEquals("idleTimeout must be between 100 ms and 1 h, got: PT0.05S", assertThrows(
                IllegalArgumentException.class, () -> valid().idleTimeout(Duration.ofMillis(50)).build()).getMessage());
        assertEquals("port must be between 0 and 65535, got: 70000",
                assertThrows(IllegalArgumentException.class, () -> valid().port(70_000).build()).getMessage());
        // Dev mode needs no secret.
        valid().jwtSecret(null).acceptAnyKey(true).build();
    }
}
