package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outage buffer's two settings: defaults, sizes with units, and refusals that name the setting and range. */
class OutageConfigTest {
    private static TandemConfig resolve(Map<String, String> env) {
        return TandemConfig.resolve(Map.of(), env::get);
    }

    @Test
    void theDefaultIsOneGibibyteInAPerInstanceDirectoryUnderTheHomeDirectory() {
        TandemConfig c = resolve(Map.of("TANDEM_INSTANCE_ID", "edge-1"));
        assertEquals(1L << 30, c.outage().maxBytes());
        assertEquals(Path.of(System.getProperty("user.home"), ".tandem", "outage", "edge-1").toAbsolutePath(),
                c.outage().dir());
    }

    @Test
    void sizesTakeBytesOrBinaryUnitsAndARelativeDirectoryIsMadeAbsolute() {
        assertEquals(65_536, resolve(Map.of("TANDEM_OUTAGE_MAX_BYTES", "65536")).outage().maxBytes());
        assertEquals(512L << 20, resolve(Map.of("TANDEM_OUTAGE_MAX_BYTES", "512MiB")).outage().maxBytes());
        assertEquals(2L << 30, resolve(Map.of("TANDEM_OUTAGE_MAX_BYTES", "2 gib")).outage().maxBytes());
        TandemConfig c = TandemConfig.resolve(Map.of(Setting.OUTAGE_DIR, "spool/outage"), name -> null);
        assertEquals(Path.of("spool/outage").toAbsolutePath(), c.outage().dir());
    }

    @Test
    void badSizesAreRefusedNamingTheSettingAndItsRange() {
        for (String bad : new String[] {"1KiB", "65535", "2TiB", "lots", "-5", "1.5GiB", "99999999999999999999"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of("TANDEM_OUTAGE_MAX_BYTES", bad)));
            assertTrue(e.getMessage().startsWith("TANDEM_OUTAGE_MAX_BYTES (--outage-max-bytes) must be a size from 65536"
                    + " (64KiB) to 1099511627776 (1TiB) bytes"), e.getMessage());
            assertTrue(e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of("TANDEM_OUTAGE_DIR", "bad\0dir")));
        assertTrue(e.getMessage().startsWith("TANDEM_OUTAGE_DIR (--outage-dir) must be a directory path"), e.getMessage());
    }
}
