package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.config.TapMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static TandemConfig resolve(Map<Setting, String> flags, Map<String, String> env) {
        return TandemConfig.resolve(flags, env::get);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TandemConfig c = resolve(Map.of(), Map.of());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/tandem", c.dbUrl());
        assertEquals("postgres", c.dbUser());
        assertEquals(8081, c.httpPort());
        assertEquals(8080, c.wsPort());
        assertEquals("/ws", c.wsPath());
        assertNull(c.adminToken());
        assertEquals(TapMode.AUTO, c.tap());
        assertEquals("tandem_tap", c.tapSlot());
        assertTrue(c.instanceId().startsWith("tandem-"));
        assertEquals(60, c.validationRunMinutes());
    }

    @Test
    void validationRunsCloseEveryOneMinuteToAWeek() {
        assertEquals(1, resolve(Map.of(Setting.VALIDATION_RUN_MINUTES, "1"), Map.of()).validationRunMinutes());
        assertEquals(10_080, resolve(Map.of(), Map.of("TANDEM_VALIDATION_RUN_MINUTES", "10080")).validationRunMinutes());
        for (String bad : new String[] {"0", "10081", "hourly"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> resolve(Map.of(Setting.VALIDATION_RUN_MINUTES, bad), Map.of()));
            assertEquals("TANDEM_VALIDATION_RUN_MINUTES (--validation-run-minutes) must be an integer from 1 to 10080"
                    + " (a week), got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void aFlagWinsOverItsVariableWhichWinsOverTheDefault() {
        TandemConfig c = resolve(Map.of(Setting.HTTP_PORT, "9000"),
                Map.of("TANDEM_HTTP_PORT", "9001", "TANDEM_WS_PORT", "9002", "TANDEM_TAP", "OFF"));
        assertEquals(9000, c.httpPort());
        assertEquals(9002, c.wsPort());
        assertEquals(TapMode.OFF, c.tap());
    }

    @Test
    void badValuesNameTheSettingAndWhatItAccepts() {
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of(), Map.of("TANDEM_HTTP_PORT", "eighty")));
        assertEquals("TANDEM_HTTP_PORT (--http-port) must be an integer from 0 to 65535 (0: any free port), got 'eighty'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(Setting.WS_PORT, "70000"), Map.of()));
        assertTrue(e.getMessage().startsWith("TANDEM_WS_PORT (--ws-port) must be an integer from 0 to 65535"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(), Map.of("TANDEM_DB_URL", "postgres://u:s3cret@x/y")));
        assertTrue(e.getMessage().startsWith("TANDEM_DB_URL (--db-url) must be a JDBC URL"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got 'postgres://u:***@x/y'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(), Map.of("TANDEM_WS_PATH", "ws")));
        assertTrue(e.getMessage().startsWith("TANDEM_WS_PATH (--ws-path) must be a path starting with '/'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(), Map.of("TANDEM_TAP", "maybe")));
        assertTrue(e.getMessage().startsWith("TANDEM_TAP (--tap) must be one of auto, on, off"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(), Map.of("TANDEM_TAP_SLOT", "Bad-Slot")));
        assertTrue(e.getMessage().startsWith("TANDEM_TAP_SLOT (--tap-slot)"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(Setting.HTTP_PORT, "9000", Setting.WS_PORT, "9000"), Map.of()));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    @Test
    void legacyAuthIsOffByDefaultAndOnWithAnyTokenOrSecret() {
        assertFalse(resolve(Map.of(), Map.of()).wsAuth().enabled());
        TandemConfig c = resolve(Map.of(), Map.of("TANDEM_WS_PRODUCER_TOKENS", " producer-token-0001 , producer-token-0002",
                "TANDEM_WS_ALLOWED_ORIGINS", "https://a.example,https://b.example"));
        assertTrue(c.wsAuth().enabled());
        assertEquals(java.util.List.of("producer-token-0001", "producer-token-0002"), c.wsAuth().producerTokens());
        assertEquals(2, c.wsAuth().allowedOrigins().size());
        assertFalse(c.toString().contains("producer-token"), c.toString());

        ConfigException e = assertThrows(ConfigException.class,
                () -> resolve(Map.of(), Map.of("TANDEM_WS_VIEWER_TOKENS", "long-enough-token-1,short")));
        assertEquals("TANDEM_WS_VIEWER_TOKENS (--ws-viewer-tokens) must hold tokens of at least 16 characters;"
                + " token 2 has 5", e.getMessage());
        e = assertThrows(ConfigException.class, () -> resolve(Map.of(Setting.WS_JWT_SECRET, "too-short"), Map.of()));
        assertTrue(e.getMessage().startsWith("TANDEM_WS_JWT_SECRET (--ws-jwt-secret) must be empty or at least 32"), e.getMessage());
    }

    @Test
    void aShortAdminTokenIsRefusedWithoutBeingEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> resolve(Map.of(), Map.of("TANDEM_ADMIN_TOKEN", "hunter2")));
        assertTrue(e.getMessage().startsWith("TANDEM_ADMIN_TOKEN (--admin-token) must be empty or at least 16"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        TandemConfig c = resolve(Map.of(), Map.of("TANDEM_ADMIN_TOKEN", "0123456789abcdef-secret", "TANDEM_DB_PASSWORD", "pw"));
        assertFalse(c.toString().contains("secret"), c.toString());
        assertFalse(c.toString().contains("=pw"), c.toString());
        TandemConfig inUrl = resolve(Map.of(Setting.DB_URL, "jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"), Map.of());
        assertTrue(inUrl.toString().contains("jdbc:postgresql://h/db?user=u&password=***&ssl=true"), inUrl.toString());
    }
}
