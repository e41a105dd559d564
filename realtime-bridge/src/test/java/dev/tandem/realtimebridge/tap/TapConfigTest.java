package dev.tandem.realtimebridge.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TapConfigTest {
    private static TapConfig.Builder valid() {
        return TapConfig.builder().jdbcUrl("jdbc:postgresql://127.0.0.1/db").user("postgres").slotName("tandem_tap");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TapConfig c = valid().build();
        assertEquals("supabase_realtime", c.publication());
        assertEquals(Duration.ofSeconds(10), c.statusInterval());
        assertEquals(Duration.ofSeconds(1), c.reconnectInitialBackoff());
        assertEquals(Duration.ofSeconds(30), c.reconnectMaxBackoff());
        assertEquals(Duration.ofMillis(10), c.pollInterval());
    }

    @Test
    void eachInvalidSettingIsRejectedByName() {
        assertRejected("slotName", b -> b.slotName(null));
        assertRejected("slotName", b -> b.slotName("Has-Upper"));
        assertRejected("slotName", b -> b.slotName("x".repeat(64)));
        assertRejected("jdbcUrl", b -> b.jdbcUrl("jdbc:mysql://host/db"));
        assertRejected("user", b -> b.user(" "));
        assertRejected("publication", b -> b.publication("bad'name"));
        assertRejected("statusInterval", b -> b.statusInterval(Duration.ZERO));
        assertRejected("reconnectMaxBackoff", b -> b.reconnectInitialBackoff(Duration.ofSeconds(5))
                .reconnectMaxBackoff(Duration.ofSeconds(1)));
        assertRejected("pollInterval", b -> b.pollInterval(Duration.ofSeconds(10)));
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertFalse(valid().password("s3cret").build().toString().contains("s3cret"));
    }

    private static void assertRejected(String setting, UnaryOperator<TapConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertTrue(e.getMessage().startsWith(setting + " "), "message should name " + setting + ": " + e.getMessage());
    }
}
