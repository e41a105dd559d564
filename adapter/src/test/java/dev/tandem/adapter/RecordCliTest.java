package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem record} beside a running service, then {@code tandem validate} on what it wrote: GO. */
class RecordCliTest {
    private static final int EVENTS = 25;
    private static final int SECONDS = 8;

    @TempDir
    Path dir;

    @Test
    void aRecordingOfAHealthyServiceValidatesAsGo() throws Exception {
        try (ServiceFixture fixture = ServiceFixture.start("record_cli", Map.of())) {
            String slot = "rec_" + fixture.db.name();
            CompletableFuture<CliTest.Run> recording = CompletableFuture.supplyAsync(() -> CliTest.run("record",
                    "--out-dir", dir.toString(), "--seconds", String.valueOf(SECONDS), "--legacy-url", fixture.ws(),
                    "--record-slot", slot, "--db-url", fixture.db.jdbcUrl(), "--db-user", fixture.db.user(),
                    "--db-password", fixture.db.password()));
            // Up once its tap reads its slot and its observer is a second legacy client beside the validator's.
            Await.until(Duration.ofSeconds(20), () -> slotActive(fixture, slot) && legacyClients(fixture) == 2,
                    () -> "recorder not up");
            Thread.sleep(500); // its window opens once the observer has its initial_stats

            ArrayNode events = Http.JSON.createArrayNode();
            for (int i = 0; i < EVENTS; i++) {
                events.addObject().put("connection_type", "supabase").put("direction", "outbound").put("data_size_bytes", i)
                        .putObject("metadata").put("n", i);
            }
            assertEquals(202, Http.post(fixture.http("/api/events"), Http.JSON.writeValueAsBytes(events)).status());

            CliTest.Run r = recording.get(SECONDS + 30, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("recorded " + EVENTS + " legacy and " + EVENTS + " realtime observations"), r.out());
            assertTrue(!slotExists(fixture, slot), "the recording's slot is dropped");
            assertEquals(EVENTS, Files.readAllLines(dir.resolve("legacy.ndjson")).size());
            assertEquals(EVENTS, Files.readAllLines(dir.resolve("realtime.ndjson")).size());

            Path json = dir.resolve("report.json");
            CliTest.Run v = CliTest.run("validate", "--legacy", dir.resolve("legacy.ndjson").toString(),
                    "--realtime", dir.resolve("realtime.ndjson").toString(), "--json", json.toString(),
                    "--min-events", String.valueOf(EVENTS), "--min-duration-seconds", "1");
            assertEquals(0, v.exit(), v.out() + v.err());
            assertEquals(EVENTS, Http.JSON.readTree(json.toFile()).path("totals").path("matched").asLong());
        }
    }

    @Test
    void aBadRealtimeChoiceIsBadUsage() {
        CliTest.Run r = CliTest.run("record", "--out-dir", dir.toString(), "--realtime", "supabase");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--realtime must be tap or none"), r.err());
        CliTest.Run help = CliTest.run("record", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--db-url") && help.out().contains("TANDEM_DB_URL"), "its tap's database: " + help.out());
    }

    private static int legacyClients(ServiceFixture f) {
        try {
            return Http.get(f.http("/health")).body().path("legacy_clients").asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean slotActive(ServiceFixture f, String slot) {
        return query(f, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active") == 1;
    }

    private static boolean slotExists(ServiceFixture f, String slot) {
        return query(f, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'") == 1;
    }

    private static long query(ServiceFixture f, String sql) {
        try (Connection c = f.db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
