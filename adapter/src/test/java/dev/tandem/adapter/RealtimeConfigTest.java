package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.migrations.RealtimeMode;
import dev.tandem.migrations.RealtimeOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The realtime and retention settings: defaults, parsing, and messages for bad values. */
class RealtimeConfigTest {
    private static TandemConfig resolve(Map<Setting, String> flags, Map<String, String> env) {
        return TandemConfig.resolve(flags, env::get);
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> resolve(Map.of(), env)).getMessage();
    }

    @Test
    void defaultsArePostgresChangesNoAnonReadAndThirtyDaysInBatchesOfFiveThousand() {
        TandemConfig c = resolve(Map.of(), Map.of());
        assertEquals(RealtimeOptions.DEFAULTS, c.realtime());
        assertEquals(30, c.retentionDays());
        assertEquals(5000, c.retentionBatch());
    }

    @Test
    void valuesComeFromFlagsOverVariables() {
        TandemConfig c = resolve(Map.of(Setting.REALTIME_TOPIC, "dash:v2"), Map.of("TANDEM_REALTIME_MODE", "BROADCAST",
                "TANDEM_REALTIME_TOPIC", "ignored", "TANDEM_REALTIME_ANON_READ", "True", "TANDEM_RETENTION_DAYS", "0",
                "TANDEM_RETENTION_BATCH", "100"));
        assertEquals(new RealtimeOptions(RealtimeMode.BROADCAST, "dash:v2", true), c.realtime());
        assertEquals(0, c.retentionDays());
        assertEquals(100, c.retentionBatch());
    }

    @Test
    void badValuesNameTheSettingAndWhatItAccepts() {
        assertEquals("TANDEM_REALTIME_MODE (--realtime-mode) must be one of postgres_changes, broadcast, got 'changes'",
                refusal(Map.of("TANDEM_REALTIME_MODE", "changes")));
        assertEquals("TANDEM_REALTIME_TOPIC (--realtime-topic) must be 1 to 128 characters of A-Z, a-z, 0-9, _ . : -,"
                + " got 'it''s'", refusal(Map.of("TANDEM_REALTIME_TOPIC", "it''s")));
        assertEquals("TANDEM_REALTIME_ANON_READ (--realtime-anon-read) must be true or false, got '1'",
                refusal(Map.of("TANDEM_REALTIME_ANON_READ", "1")));
        assertEquals("TANDEM_RETENTION_DAYS (--retention-days) must be an integer from 0 (keep forever) to 36500, got '-1'",
                refusal(Map.of("TANDEM_RETENTION_DAYS", "-1")));
        assertEquals("TANDEM_RETENTION_BATCH (--retention-batch) must be an integer from 1 to 1000000, got '0'",
                refusal(Map.of("TANDEM_RETENTION_BATCH", "0")));
    }
}
