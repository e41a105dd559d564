package dev.tandem.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RealtimeOptionsTest {
    @Test
    void modesAreNamedAsTheSettingNamesThem() {
        assertEquals(Optional.of(RealtimeMode.BROADCAST), RealtimeMode.fromSetting(" Broadcast "));
        assertEquals(Optional.of(RealtimeMode.POSTGRES_CHANGES), RealtimeMode.fromSetting("postgres_changes"));
        assertEquals(Optional.empty(), RealtimeMode.fromSetting("postgres-changes"));
        assertEquals("postgres_changes", RealtimeMode.POSTGRES_CHANGES.settingValue());
    }

    @Test
    void aTopicMustNeedNoQuotingBecauseItIsWrittenIntoSql() {
        for (String bad : new String[] {"", "monitoring'; DROP TABLE monitoring_events; --", "a b", "x".repeat(129), "$$"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RealtimeOptions(RealtimeMode.BROADCAST, bad, false), bad);
            assertEquals("topic must be 1 to 128 characters of A-Z, a-z, 0-9, _ . : -, got '" + bad + "'", e.getMessage());
        }
        assertEquals("broadcast on topic dash.board:v2-events_1, anon read on",
                new RealtimeOptions(RealtimeMode.BROADCAST, "dash.board:v2-events_1", true).describe());
        assertEquals("postgres_changes, anon read off", RealtimeOptions.DEFAULTS.describe());
    }
}
