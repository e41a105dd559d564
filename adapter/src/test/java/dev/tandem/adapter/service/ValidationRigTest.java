package dev.tandem.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.MonitoringEvent;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The built-in legacy observer survives losing its connection, resumes where it was, and the summary says so. */
class ValidationRigTest {
    private static final CanonicalMapping MAPPING = new CanonicalMapping();

    private static MonitoringEvent event(long seq) {
        var meta = JsonNodeFactory.instance.objectNode();
        EventDraft d = new EventDraft(null, "event", "redis", "inbound", null, null, null, null, null, meta, "{}", null);
        return MonitoringEvent.of(d, UUID.randomUUID(), seq, "rig-test", Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void theObserverReconnectsAfterItsConnectionIsCutAndCountsTheGap() throws Exception {
        try (TestDatabase db = TestDatabase.create("validation_rig")) {
            new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
            LegacyServer legacy = new LegacyServer(LegacyServerConfig.builder().host("127.0.0.1").port(0).build());
            legacy.start();
            try (CuttableProxy proxy = new CuttableProxy(legacy.port())) {
                TapConfig tap = TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                        .slotName("rig_" + db.name()).build();
                ValidationRig rig = new ValidationRig(tap, URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                        Duration.ofSeconds(10), MAPPING);
                try {
                    rig.start();
                    legacy.publish(MAPPING.toLegacy(event(1)));
                    Await.until(Duration.ofSeconds(10), () -> rig.summary().legacySeen() == 1, () -> rig.summary().toString());

                    proxy.cut();
                    Await.until(Duration.ofSeconds(10), () -> rig.observerDisconnects() == 1, () -> "no disconnect seen");
                    // Published while the observer is away: the resume on reconnect must replay them.
                    for (long seq = 2; seq <= 11; seq++) {
                        legacy.publish(MAPPING.toLegacy(event(seq)));
                    }
                    Await.until(Duration.ofSeconds(15), () -> rig.observerConnects() == 2, () -> "observer did not reconnect");
                    legacy.publish(MAPPING.toLegacy(event(12)));
                    Await.until(Duration.ofSeconds(10), () -> rig.summary().legacySeen() == 12, () -> rig.summary().toString());
                    assertEquals(0, rig.summary().duplicatesLegacy());
                    var json = rig.summaryJson(new com.fasterxml.jackson.databind.ObjectMapper());
                    assertEquals(1, json.get("legacy_observer_disconnects").asLong());
                    assertEquals(0, json.get("legacy_unobserved_events").asLong());
                } finally {
                    rig.close();
                }
            } finally {
                legacy.stop(Duration.ofSeconds(2));
            }
        }
    }
}
