package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.config.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the tap off, ingest and both transports still work, and the API says plainly that validation is off. */
class TapOffTest {
    @Test
    void serviceRunsAndSaysValidationIsOff() throws Exception {
        try (ServiceFixture f = ServiceFixture.start("tap_off", Map.of(Setting.TAP, "off"))) {
            assertTrue(f.db.replicationSlots().isEmpty(), "no slot is created when the tap is off");
            Http.Reply r = Http.post(f.http("/api/events"), "{\"connection_type\":\"redis\",\"direction\":\"inbound\"}");
            assertEquals(202, r.status());
            assertEquals(1, f.rows());
            Http.Reply summary = Http.get(f.http("/api/validation/summary"));
            assertFalse(summary.body().get("enabled").asBoolean());
            assertTrue(summary.body().get("reason").asText().contains("TANDEM_TAP=off"), summary.body()::toString);
            assertEquals("off", Http.get(f.http("/health")).body().at("/tap/state").asText());
        }
    }

    @Test
    void theSequenceContinuesAcrossARestart() throws Exception {
        try (ServiceFixture f = ServiceFixture.start("restart_seq", Map.of(Setting.TAP, "off"))) {
            Http.Reply first = Http.post(f.http("/api/events"), "[{\"connection_type\":\"redis\",\"direction\":\"inbound\"},"
                    + "{\"connection_type\":\"redis\",\"direction\":\"inbound\"}]");
            assertEquals(2, first.body().at("/events/1/seq").asLong());
            f.restart();
            Http.Reply second = Http.post(f.http("/api/events"), "{\"connection_type\":\"redis\",\"direction\":\"inbound\"}");
            assertEquals(3, second.body().at("/events/0/seq").asLong(), second.body()::toString);
        }
    }
}
