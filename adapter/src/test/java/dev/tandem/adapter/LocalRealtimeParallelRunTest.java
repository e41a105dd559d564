package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.local.DevKeys;
import dev.tandem.realtimebridge.local.LocalRealtimeConfig;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A full parallel run with no scripted server: events go in through the API; the validator watches the legacy
 * socket and, with TANDEM_REALTIME_SOURCE=supabase, Tandem's own Realtime client subscribed through the local
 * Realtime endpoint (fed by its own replication tap). Every event must match.
 */
class LocalRealtimeParallelRunTest {
    private static final int EVENTS = 300;

    @Test
    void theValidatorMatchesTheLegacySocketWithWhatRealtimeDelivered() throws Exception {
        TestDatabase db = TestDatabase.create("parallel_local");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        String secret = DevKeys.randomSecret();
        String slot = db.name() + "_rt";
        LocalRealtimeServer realtime = LocalRealtimeServer.start(LocalRealtimeConfig.builder().host("127.0.0.1").port(0)
                .jwtSecret(secret).database(db.jdbcUrl(), db.user(), db.password()).build());
        try {
            realtime.startTap(TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                    .slotName(slot).statusInterval(Duration.ofSeconds(1)).build());
            Map<Setting, String> settings = Map.of(Setting.REALTIME_SOURCE, "supabase",
                    Setting.SUPABASE_URL, realtime.url(),
                    Setting.SUPABASE_KEY, DevKeys.sign(secret, "service_role", Duration.ofHours(1)));
            try (ServiceFixture fixture = ServiceFixture.startOn(db, settings, UnaryOperator.identity())) {
                Random random = new Random(11);
                for (int batch = 0; batch < 3; batch++) {
                    ArrayNode body = Http.JSON.createArrayNode();
                    for (int i = 0; i < EVENTS / 3; i++) {
                        body.add(EndToEndTest.event(random, batch * 100 + i));
                    }
                    assertEquals(202, Http.post(fixture.http("/api/events"), Http.JSON.writeValueAsBytes(body)).status());
                }
                Await.until(Duration.ofSeconds(30),
                        () -> fixture.service.validation().orElseThrow().matched()
                                + fixture.service.validation().orElseThrow().mismatched() >= EVENTS,
                        () -> fixture.service.validation().toString());
                JsonNode s = Http.get(fixture.http("/api/validation/summary")).body();
                assertEquals(EVENTS, s.get("matched").asLong(), s::toString);
                assertEquals(0, s.get("mismatched").asLong(), s::toString);
                assertEquals(EVENTS, s.get("legacy_seen").asLong(), s::toString);
                assertEquals(EVENTS, s.get("realtime_seen").asLong(), s::toString);
                assertEquals(0, s.get("missing_on_legacy").asLong());
                assertEquals(0, s.get("missing_on_realtime").asLong());
                assertTrue(realtime.stats().delivered() >= EVENTS, realtime.stats().toString());
                realtime.close(); // before the fixture drops the database (the endpoint drops its own slot)
            }
        } finally {
            realtime.close();
        }
    }
}
