package dev.tandem.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.MonitoringEvent;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.realtimebridge.supabase.ChannelSpec;
import dev.tandem.realtimebridge.supabase.ProtocolVersion;
import dev.tandem.realtimebridge.supabase.RealtimeClientConfig;
import dev.tandem.testsupport.Await;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/**
 * The validator with TANDEM_REALTIME_SOURCE=supabase: its realtime side is a Realtime client, here against a
 * scripted server (v1 frames) that joins, subscribes and then delivers the row a dashboard would get.
 */
class SupabaseObserverTest {
    private static final CanonicalMapping MAPPING = new CanonicalMapping();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How Postgres' JSON output writes a timestamptz, as in Realtime's records. */
    private static final DateTimeFormatter PG_JSON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    @StartStop
    final MockWebServer server = new MockWebServer();

    /** The row Realtime sends for this event: JSON-typed values, jsonb as an object, ISO timestamps. */
    private static ObjectNode record(MonitoringEvent e) {
        ObjectNode r = JSON.createObjectNode().put("event_id", e.eventId().toString()).put("seq", e.seq())
                .put("source", e.source()).put("type", e.type()).put("connection_type", e.connectionType())
                .put("direction", e.direction()).put("script_name", e.scriptName()).put("function_name", e.functionName())
                .put("data_size_bytes", e.dataSizeBytes()).put("response_time_ms", e.responseTimeMs()).put("error", e.error());
        r.set("metadata", e.metadata());
        r.put("occurred_at", e.occurredAt() == null ? null : PG_JSON.format(e.occurredAt().atOffset(ZoneOffset.UTC)));
        r.put("ingested_at", PG_JSON.format(e.ingestedAt().atOffset(ZoneOffset.UTC)));
        return r;
    }

    @Test
    void realtimeRowsComeFromTheSupabaseClientAndMatchTheLegacyEvents() throws Exception {
        LinkedBlockingQueue<WebSocket> sockets = new LinkedBlockingQueue<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket ws, String text) {
                        JsonNode m = read(text);
                        if (m.path("event").asText().equals("phx_join")) {
                            String topic = m.path("topic").asText();
                            ws.send("{\"topic\":\"" + topic + "\",\"event\":\"phx_reply\",\"ref\":\"" + m.path("ref").asText()
                                    + "\",\"payload\":{\"status\":\"ok\",\"response\":{\"postgres_changes\":[{\"id\":7,"
                                    + "\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"monitoring_events\"}]}}}");
                            ws.send("{\"topic\":\"" + topic + "\",\"event\":\"system\",\"ref\":null,\"payload\":{\"extension\":"
                                    + "\"postgres_changes\",\"status\":\"ok\",\"message\":\"Subscribed to PostgreSQL\"}}");
                            sockets.add(ws);
                        }
                    }

                    @Override
                    public void onClosing(WebSocket ws, int code, String reason) {
                        ws.close(1000, null);
                    }
                }).build();
            }
        });
        LegacyServer legacy = new LegacyServer(LegacyServerConfig.builder().host("127.0.0.1").port(0).build());
        legacy.start();
        RealtimeClientConfig supabase = RealtimeClientConfig.builder().url(server.url("/").toString()).apiKey("service-key")
                .protocol(ProtocolVersion.V1).channels(ChannelSpec.postgresChanges("tandem-validator",
                        new ChannelSpec.PostgresChange("INSERT", "public", "monitoring_events", null))).build();
        ValidationRig rig = new ValidationRig(supabase, URI.create("ws://127.0.0.1:" + legacy.port() + "/ws"),
                Duration.ofSeconds(10), MAPPING, "rig-test");
        try {
            rig.start(); // returns once the channel is subscribed
            assertEquals(1, rig.supabase().stats().readyChannels());
            WebSocket ws = sockets.poll(5, TimeUnit.SECONDS);
            for (long seq = 1; seq <= 3; seq++) {
                var meta = JsonNodeFactory.instance.objectNode().put("n", seq);
                EventDraft d = new EventDraft(null, "event", "redis", "inbound", "job.py", "run", 10L, 1.5, null, meta,
                        meta.toString(), Instant.parse("2026-11-22T09:00:00.5Z"));
                MonitoringEvent e = MonitoringEvent.of(d, UUID.randomUUID(), seq, "rig-test",
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
                legacy.publish(MAPPING.toLegacy(e));
                ObjectNode data = JSON.createObjectNode().put("schema", "public").put("table", "monitoring_events")
                        .put("type", "INSERT").put("commit_timestamp", "2026-11-22T10:00:00.000Z");
                data.set("record", record(e));
                ObjectNode payload = JSON.createObjectNode();
                payload.putArray("ids").add(7);
                payload.set("data", data);
                ws.send("{\"topic\":\"realtime:tandem-validator\",\"event\":\"postgres_changes\",\"ref\":null,\"payload\":"
                        + payload + "}");
            }
            Await.until(Duration.ofSeconds(10), () -> rig.summary().matched() == 3, () -> rig.summary().toString());
            assertEquals(3, rig.summary().realtimeSeen());
            assertEquals(0, rig.summary().mismatched());
            assertTrue(rig.tap() == null);
        } finally {
            rig.close();
            legacy.stop(Duration.ofSeconds(2));
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
