package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code tandem realtime-local} and the demo's part of it, as far as they run without blocking. */
class RealtimeLocalCliTest {
    @Test
    void helpSaysDevelopmentOnlyAndListsItsSettings() {
        CliTest.Run r = CliTest.run("realtime-local", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("for development and tests only"), r.out());
        for (String s : new String[] {"--db-url", "--realtime-local-port", "TANDEM_REALTIME_LOCAL_JWT_SECRET",
                "--realtime-local-accept-any-key", "--realtime-local-idle-timeout", "--realtime-anon-read"}) {
            assertTrue(r.out().contains(s), s + ": " + r.out());
        }
        assertTrue(CliTest.run("demo", "--help").out().contains("--[no-]realtime-local"));
    }

    @Test
    void withoutASecretItRefusesInOneLineBeforeTouchingTheDatabase() {
        CliTest.Run r = CliTest.run("realtime-local", "--db-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertEquals(2, r.exit(), r.err());
        assertEquals("tandem: realtime-local: jwtSecret must be at least 32 bytes (HS256), unless acceptAnyKey is on"
                + " (TANDEM_REALTIME_LOCAL_* settings; see tandem realtime-local --help)", r.err().strip());
    }
}
