package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code export} → {@code export_complete}, from the replay buffer or a plugged-in ExportSource. */
class ExportTest {
    private LegacyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(RecordingClient.TIMEOUT);
        }
    }

    private RecordingClient connect(LegacyServerConfig.Builder config) throws Exception {
        server = TestEvents.startServer(config);
        for (long seq = 1; seq <= 5; seq++) {
            server.publish(TestEvents.full(seq)); // ingested at BASE + seq s + 5 ms
        }
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        return client;
    }

    @Test
    void jsonExportOfATimeRangeHoldsThoseEventsAsBroadcast() throws Exception {
        RecordingClient client = connect(LegacyServerConfig.builder());
        Instant since = TestEvents.BASE.plusSeconds(2);
        // Sent as epoch millis, so a whole millisecond after event 4's ingest time (which has micros).
        Instant until = Instant.ofEpochMilli(TestEvents.BASE.plusSeconds(4).plusMillis(6).toEpochMilli());
        client.send("{\"type\":\"export\",\"format\":\"json\",\"since\":\"" + since + "\",\"until\":" + until.toEpochMilli()
                + ",\"ref\":\"e1\"}");
        JsonNode done = client.next("export_complete");
        assertEquals("e1", done.get("ref").asText());
        assertEquals("json", done.get("format").asText());
        assertEquals(3, done.get("event_count").asInt());
        assertEquals(since.toString(), done.get("from").asText());
        assertEquals(until.toString(), done.get("to").asText());
        assertTrue(done.get("export_id").asText().length() > 0);
        assertTrue(done.has("timestamp"));
        JsonNode data = Json.MAPPER.readTree(done.get("data").asText());
        assertEquals(3, data.size());
        assertEquals(2, data.get(0).get("seq").asLong());
        assertEquals("event", data.get(2).get("type").asText());
        assertEquals(4, data.get(2).get("metadata").get("n").asLong());
        client.close();
    }

    @Test
    void csvExportHasAHeaderAndOneQuotedRowPerEvent() throws Exception {
        RecordingClient client = connect(LegacyServerConfig.builder());
        client.send("{\"type\":\"export\",\"format\":\"csv\"}");
        JsonNode done = client.next("export_complete");
        assertEquals(5, done.get("event_count").asInt());
        String[] lines = done.get("data").asText().split("\r\n");
        assertEquals(6, lines.length);
        assertEquals(String.join(",", ExportFormats.CSV_COLUMNS), lines[0]);
        assertTrue(lines[1].startsWith("event,redis,inbound,script_1,function_1,101,11.0,,\"{\"\"n\"\":1}\","), lines[1]);
        client.close();
    }

    @Test
    void csvCellsFollowRfc4180() {
        ObjectNode e = Json.object().put("type", "event").put("script_name", "a,b").put("error", "say \"hi\"\nnow");
        String csv = ExportFormats.csv(List.of(e));
        assertTrue(csv.split("\r\n", 2)[1].startsWith("event,,,\"a,b\",,,,\"say \"\"hi\"\"\nnow\","), csv);
    }

    @Test
    void moreEventsThanTheBoundIsTooLargeAndABadFormatIsABadField() throws Exception {
        RecordingClient client = connect(LegacyServerConfig.builder().clientLimits(ClientLimits.builder().exportMaxRows(4).build()));
        client.send("{\"type\":\"export\",\"format\":\"json\",\"ref\":2}");
        JsonNode error = client.next("error");
        assertEquals("too_large", error.get("code").asText());
        assertEquals(2, error.get("ref").asInt());
        assertTrue(error.get("message").asText().contains("4 (exportMaxRows)"), error.toString());
        client.send("{\"type\":\"export\",\"format\":\"xml\"}");
        assertEquals("bad_field", client.next("error").get("code").asText());
        client.send("{\"type\":\"export\",\"since\":\"yesterday\"}");
        assertEquals("bad_field", client.next("error").get("code").asText());
        client.close();
    }

    @Test
    void aPluggedInSourceGetsTheRequestAndItsResultIsSent() throws Exception {
        AtomicReference<ExportRequest> asked = new AtomicReference<>();
        RecordingClient client = connect(LegacyServerConfig.builder().clientLimits(ClientLimits.builder().exportMaxRows(77).build()).exportSource(r -> {
            asked.set(r);
            return CompletableFuture.completedFuture(new ExportResult(1, null, null, "[{\"x\":1}]"));
        }));
        client.send("{\"type\":\"export\",\"format\":\"json\"}");
        JsonNode done = client.next("export_complete");
        assertEquals("[{\"x\":1}]", done.get("data").asText());
        assertTrue(done.get("from").isNull());
        assertEquals(new ExportRequest("json", null, null, 77), asked.get());
        client.close();
    }
}
