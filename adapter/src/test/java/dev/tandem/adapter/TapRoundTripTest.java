package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.EventParser;
import dev.tandem.adapter.event.IngestLimits;
import dev.tandem.adapter.event.MonitoringEvent;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.realtimebridge.writer.WriterConfig;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import dev.tandem.validation.Side;
import dev.tandem.validation.ValidationSummary;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canonical mapping both ways through the real legs: an event as ingest makes it, mapped to an
 * {@link EventRow}, written by the {@link EventWriter}, read back by the {@link ReplicationTap} and mapped back
 * to the canonical event, must be the event it started as: every field, NULLs, metadata, microseconds.
 */
class TapRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How CanonicalMapping and EventParser read JSON numbers: exact decimals. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static TestDatabase db;
    private static TimeZone jvmZone;

    @BeforeAll
    static void up() {
        // A zone with an offset and a half: neither the writer nor the tap may depend on the JVM's zone.
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        db = TestDatabase.create("tap_round_trip");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void anEventWrittenByTheWriterComesBackFromTheTapAsTheSameEvent() throws Exception {
        CanonicalMapping mapping = new CanonicalMapping();
        List<MonitoringEvent> events = events();
        Map<String, Map<String, String>> tapped = new ConcurrentHashMap<>();
        String slot = db.name() + "_rt";
        ReplicationTap tap = new ReplicationTap(TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).slotName(slot).build(), tx -> {
                    for (TapChange c : tx.changes()) {
                        if (c.op() == TapChange.Op.INSERT && c.table().equals("monitoring_events")) {
                            tapped.put(c.columns().get("event_id"), c.columns());
                        }
                    }
                });
        tap.start();
        try (HikariDataSource pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "round-trip")) {
            EventWriter writer = new EventWriter(pool, WriterConfig.defaults());
            writer.start();
            writer.reserve(events.size()).submit(events.stream().map(mapping::toRow).toList()).get(30, TimeUnit.SECONDS);
            writer.close(Duration.ofSeconds(5));
            Await.until(WAIT, () -> tapped.size() == events.size(), () -> tapped.size() + " of " + events.size() + " tapped");
        } finally {
            tap.stop();
            ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot);
        }

        Validator validator = new Validator(ValidatorConfig.builder().build());
        for (MonitoringEvent sent : events) {
            Map<String, String> row = tapped.get(sent.eventId().toString());
            MonitoringEvent back = mapping.eventFromRow(row);
            // jsonb keeps its own key order and spacing, so the text may differ; the object may not.
            assertEquals(sent.metadata(), JSON.readTree(back.metadataJson()), "metadata text of " + sent.eventId());
            assertEquals(withMetadataText(sent, back.metadataJson()), back, "event " + sent.eventId());
            validator.observe(Side.LEGACY, mapping.observed(sent, 0));
            validator.observe(Side.REALTIME, mapping.fromRow(row, 0));
        }
        ValidationSummary s = validator.summary();
        assertEquals(events.size(), s.matched(), s.toString());
        assertEquals(0, s.mismatched(), s.toString());
    }

    /** Events as ingest makes them: parsed from producer JSON, completed with id, seq, source, ingest time. */
    private static List<MonitoringEvent> events() throws Exception {
        String body = """
                [{"type": "call", "connection_type": "redis", "direction": "outbound", "script_name": "job.py",
                  "function_name": "rüN \\"quoted\\" \\\\ back", "data_size_bytes": 9007199254740991,
                  "response_time_ms": 0.1, "error": "line one\\n\\tline two ✓ 日本",
                  "metadata": {"z": 1, "a": [1, 2.50, -0.5, 12345678901234567890, true, false, null],
                               "nested": {"empty": {}, "list": [], "text": "emoji 🚀 and \\u00e9"}},
                  "occurred_at": "2026-11-22T14:30:00.123456+05:30"},
                 {"connection_type": "http", "direction": "inbound"},
                 {"connection_type": "ws", "direction": "inbound", "response_time_ms": 12.345678901234567,
                  "data_size_bytes": 0, "occurred_at": "1970-01-01T00:00:00.000001Z", "metadata": {}}]
                """;
        List<EventDraft> drafts = new EventParser(IngestLimits.DEFAULTS).parse(body.getBytes(StandardCharsets.UTF_8));
        List<MonitoringEvent> events = new ArrayList<>();
        Instant[] ingested = {Instant.parse("2026-11-22T10:00:00.123456Z"), Instant.parse("1999-12-31T23:59:59.999999Z"),
                Instant.parse("2026-11-22T10:00:01Z")};
        for (int i = 0; i < drafts.size(); i++) {
            events.add(MonitoringEvent.of(drafts.get(i), UUID.randomUUID(), i + 1, "round-trip", ingested[i]));
        }
        return events;
    }

    private static MonitoringEvent withMetadataText(MonitoringEvent e, String metadataJson) {
        return new MonitoringEvent(e.eventId(), e.seq(), e.source(), e.type(), e.connectionType(), e.direction(),
                e.scriptName(), e.functionName(), e.dataSizeBytes(), e.responseTimeMs(), e.error(), e.metadata(),
                metadataJson, e.occurredAt(), e.ingestedAt());
    }
}
