package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.RealtimeSource;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.realtimebridge.supabase.ChannelSpec;
import dev.tandem.realtimebridge.supabase.ProtocolVersion;
import dev.tandem.realtimebridge.supabase.RealtimeClientConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --realtime-source and the Supabase Realtime observer's settings. */
class SupabaseConfigTest {
    private static final Map<String, String> SUPABASE = Map.of("TANDEM_REALTIME_SOURCE", "supabase",
            "TANDEM_SUPABASE_URL", "https://abc.supabase.co", "TANDEM_SUPABASE_KEY", "service-role-key");

    private static TandemConfig resolve(Map<Setting, String> flags, Map<String, String> env) {
        return TandemConfig.resolve(flags, env::get);
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> resolve(Map.of(), env)).getMessage();
    }

    @Test
    void theTapIsTheDefaultAndNeedsNoSupabaseSettings() {
        TandemConfig c = resolve(Map.of(), Map.of());
        assertEquals(RealtimeSource.TAP, c.supabase().source());
        assertEquals("tandem-validator", c.supabase().channel());
        assertEquals("monitoring_events", c.supabase().table());
        assertEquals(ProtocolVersion.V2, c.supabase().vsn());
    }

    @Test
    void postgresChangesModeSubscribesToTheTablesInserts() {
        TandemConfig c = resolve(Map.of(Setting.SUPABASE_VSN, "1.0.0", Setting.SUPABASE_CHANNEL, "dash"), SUPABASE);
        assertEquals(RealtimeSource.SUPABASE, c.supabase().source());
        RealtimeClientConfig client = c.supabase().clientConfig(c.realtime());
        assertEquals("https://abc.supabase.co/realtime/v1/websocket", client.endpoint().toString());
        assertEquals(ProtocolVersion.V1, client.protocol());
        assertEquals(ChannelSpec.postgresChanges("dash",
                new ChannelSpec.PostgresChange("INSERT", "public", "monitoring_events", null)), client.channels().get(0));
        assertFalse(c.toString().contains("service-role-key"), c.toString());
        assertTrue(Setting.SUPABASE_KEY.secret());
    }

    @Test
    void broadcastModeJoinsThePrivateTopic() {
        TandemConfig c = resolve(Map.of(Setting.REALTIME_MODE, "broadcast", Setting.REALTIME_TOPIC, "dash:events"), SUPABASE);
        assertEquals(ChannelSpec.broadcast("dash:events", true), c.supabase().clientConfig(c.realtime()).channels().get(0));
    }

    @Test
    void badValuesNameTheSetting() {
        assertEquals("TANDEM_REALTIME_SOURCE (--realtime-source) must be tap or supabase, got 'realtime'",
                refusal(Map.of("TANDEM_REALTIME_SOURCE", "realtime")));
        assertEquals("TANDEM_SUPABASE_URL (--supabase-url) must be an http(s) or ws(s) URL such as https://<ref>.supabase.co"
                + " when TANDEM_REALTIME_SOURCE (--realtime-source) is supabase, got ''",
                refusal(Map.of("TANDEM_REALTIME_SOURCE", "supabase", "TANDEM_SUPABASE_KEY", "k")));
        assertEquals("TANDEM_SUPABASE_KEY (--supabase-key) must be set when TANDEM_REALTIME_SOURCE (--realtime-source) is"
                + " supabase", refusal(Map.of("TANDEM_REALTIME_SOURCE", "supabase", "TANDEM_SUPABASE_URL", "https://x.co")));
        assertEquals("TANDEM_SUPABASE_VSN (--supabase-vsn) must be 1.0.0 or 2.0.0, got '3'",
                refusal(Map.of("TANDEM_SUPABASE_VSN", "3")));
        assertEquals("TANDEM_SUPABASE_TABLE (--supabase-table) must be a lower-case table name (a-z, 0-9, _), got 'a;b'",
                refusal(Map.of("TANDEM_SUPABASE_TABLE", "a;b")));
        assertTrue(refusal(Map.of("TANDEM_SUPABASE_CHANNEL", "a b")).startsWith("TANDEM_SUPABASE_CHANNEL (--supabase-channel)"));
        String bad = assertThrows(ConfigException.class, () -> resolve(Map.of(Setting.SUPABASE_URL,
                "https://abc.supabase.co?x=1"), SUPABASE)).getMessage();
        assertTrue(bad.startsWith("TANDEM_SUPABASE_URL (--supabase-url) and the other Supabase settings: url must be"), bad);
    }
}
