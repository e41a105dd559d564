package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.CommitOrder;
import dev.tandem.testsupport.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable under the running service: a {@link TcpProxy} between the service and its server
 * is cut (every connection reset, new ones refused) and later restored, while real HTTP requests come in.
 */
class PostgresOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A shell command that restarts the test server, e.g. pg_ctlcluster --skip-systemctl-redirect 15 main restart. */
    static final String RESTART_COMMAND_ENV = "TANDEM_TEST_PG_RESTART";
    private static final String PRODUCER = "producer-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The service, and the relay its every database connection goes through. */
    private record Rig(ServiceFixture fixture, TcpProxy proxy) implements AutoCloseable {
        static Rig start(String purpose, Map<Setting, String> extra) throws Exception {
            TcpProxy[] proxy = new TcpProxy[1];
            ServiceFixture fixture = ServiceFixture.start(purpose, extra, url -> {
                try {
                    proxy[0] = TcpProxy.inFrontOf(url);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return proxy[0].jdbcUrl(url);
            });
            return new Rig(fixture, proxy[0]);
        }

        JsonNode health() throws Exception {
            return get(fixture.http("/health")).body();
        }

        /** The outage buffer is empty and rows go to Postgres directly again. */
        boolean drained() {
            try {
                JsonNode h = health();
                return h.at("/outage_buffer/events").asLong() == 0 && "postgres".equals(h.get("durable_to").asText());
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                fixture.close();
            } finally {
                proxy.close();
            }
        }
    }

    private record Reply(int status, String retryAfter, JsonNode body) {
    }

    @Test
    void tenThousandEventsStreamedThroughAnOutageAreEachInTheTableOnceAndInOrder() throws Exception {
        // The tap on too: its replication connection goes through the same relay, so the cut drops it as well.
        try (Rig rig = Rig.start("outage_stream", Map.of(Setting.TAP, "on"))) {
            JsonNode up = streamTenThousandThrough(rig, ackedSoFar -> {
                rig.proxy().cut();
                Await.until(WAIT, () -> ackedSoFar.getAsInt() >= 6_000, () -> "acked " + ackedSoFar.getAsInt());
                JsonNode down = rig.health();
                assertTrue(Set.of("open", "half_open").contains(down.at("/writer/breaker").asText()), down::toString);
                assertEquals("outage_buffer", down.get("durable_to").asText(), down::toString);
                assertEquals("down", down.get("database").asText(), down::toString);
                assertTrue(down.at("/outage_buffer/events").asLong() > 0, down::toString);
                rig.proxy().restore();
            });
            assertTrue(up.at("/writer/rows_spilled").asLong() > 0, up::toString);
        }
    }

    /**
     * The same stream through a real restart of the PostgreSQL server, when {@value #RESTART_COMMAND_ENV} names
     * the command that restarts it (.ci/run sets it; a developer's machine may not allow it). Nothing may be
     * lost or doubled however the writer and the tap live through it: buffered or retried.
     */
    @Test
    void tenThousandEventsStreamedThroughARealPostgresRestartAreEachInTheTableOnce() throws Exception {
        String restart = System.getenv(RESTART_COMMAND_ENV);
        Assumptions.assumeTrue(restart != null && !restart.isBlank(), RESTART_COMMAND_ENV + " is not set");
        try (Rig rig = Rig.start("pg_restart_stream", Map.of(Setting.TAP, "on"))) {
            streamTenThousandThrough(rig, ackedSoFar -> {
                Process p = new ProcessBuilder("sh", "-c", restart).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the restart command finished");
                assertEquals(0, p.exitValue(), "restart command: " + output);
            });
        }
    }

    /** What takes PostgreSQL away and brings it back while the stream runs; returns once it is back. */
    private interface Outage {
        void run(IntSupplier ackedSoFar) throws Exception;
    }

    /**
     * Streams 10,000 events over HTTP from four senders, runs the outage once 2,000 are acknowledged, and checks
     * that every event got an answer, every 202 is in the table exactly once, rows were committed in seq order,
     * the outage buffer drained, and the tap emitted every row. Returns /health after the drain.
     */
    private JsonNode streamTenThousandThrough(Rig rig, Outage outage) throws Exception {
        int total = 10_000;
        int perRequest = 20;
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Set<String> notDurable = ConcurrentHashMap.newKeySet();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            running.add(senders.submit(() -> {
                int from;
                while ((from = next.getAndAdd(perRequest)) < total) {
                    int n = Math.min(perRequest, total - from);
                    Reply r = post(rig.fixture().http("/api/events"), events(from, n));
                    if (r.status() == 202) {
                        r.body().get("events").forEach(e -> acked.put(e.get("event_id").asText(), e.get("seq").asLong()));
                    } else if (r.status() == 503 && r.body().has("events")) {
                        r.body().get("events").forEach(e -> notDurable.add(e.get("event_id").asText()));
                    } else if (r.status() == 503) {
                        refused.addAndGet(n); // outage_full or overloaded: nothing accepted
                    } else {
                        unexpected.add(r.status() + " " + r.body());
                    }
                }
                return null;
            }));
        }

        Await.until(WAIT, () -> acked.size() >= 2_000, () -> "acked " + acked.size());
        int ackedAtCut = acked.size();
        outage.run(acked::size);
        int ackedBeforeRestore = acked.size();

        for (Future<?> f : running) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        senders.shutdown();
        Await.until(WAIT, rig::drained, () -> healthText(rig));

        assertEquals(List.of(), unexpected, "every request gets 202 or 503");
        assertEquals(total, acked.size() + notDurable.size() + refused.get(), "every event is answered for");
        Set<String> inTable = eventIds(rig.fixture());
        assertEquals(count(rig.fixture(), "SELECT count(*) FROM monitoring_events"), inTable.size(), "no event twice");
        Set<String> missing = new HashSet<>(acked.keySet());
        missing.removeAll(inTable);
        assertEquals(Set.of(), missing, "every event that got a 202 is in the table");
        Set<String> stray = new HashSet<>(inTable);
        stray.removeAll(acked.keySet());
        stray.removeAll(notDurable);
        assertEquals(Set.of(), stray, "nothing in the table that was not accepted");
        assertInCommitOrder(rig.fixture(), inTable.size());
        // ...and the tap, reconnected after the cut, emitted every row (distinct events it delivered).
        Await.until(WAIT, () -> rig.fixture().service.validation().orElseThrow().realtimeSeen() >= inTable.size(),
                () -> String.valueOf(rig.fixture().service.validation()));
        assertEquals(inTable.size(), rig.fixture().service.validation().orElseThrow().realtimeSeen(),
                "the tap emitted every row in the table");

        JsonNode up = rig.health();
        assertEquals("closed", up.at("/writer/breaker").asText(), up::toString);
        assertEquals(up.at("/writer/rows_spilled").asLong(), up.at("/writer/rows_replayed").asLong(), up::toString);
        assertEquals(0, up.at("/outage_buffer/segments").asInt(), up::toString);
        assertEquals(List.of(), segmentFiles(rig.fixture().outageDir));
        System.out.printf("outage stream: %d acked (%d before the outage, %d more during it), %d not durable, %d refused;"
                        + " %d rows through the outage buffer, breaker opened %d time(s)%n", acked.size(), ackedAtCut,
                ackedBeforeRestore - ackedAtCut, notDurable.size(), refused.get(),
                up.at("/writer/rows_spilled").asLong(), up.at("/writer/breaker_opens").asLong());
        return up;
    }

    @Test
    void aFullOutageBufferAnswers503WithRetryAfterAndIsDrainedInOrderOnRecovery() throws Exception {
        try (Rig rig = Rig.start("outage_full", Map.of(Setting.TAP, "off", Setting.OUTAGE_MAX_BYTES, "64KiB",
                Setting.WS_PRODUCER_TOKENS, PRODUCER));
             WsRecorder dashboard = new WsRecorder(rig.fixture().ws() + "?token=" + PRODUCER);
             WsRecorder producer = new WsRecorder(rig.fixture().ws() + "?token=" + PRODUCER)) {
            rig.proxy().cut();
            Map<String, Long> acked = new HashMap<>();
            Reply full = null;
            for (int i = 0; i < 1_000 && full == null; i++) {
                Reply r = post(rig.fixture().http("/api/events"), events(i * 10, 10));
                if (r.status() == 202) {
                    r.body().get("events").forEach(e -> acked.put(e.get("event_id").asText(), e.get("seq").asLong()));
                } else {
                    full = r;
                }
            }
            assertNotNull(full, "the outage buffer never filled");
            assertEquals(503, full.status(), full::toString);
            assertEquals("outage_full", full.body().get("error").asText(), full::toString);
            assertNotNull(full.retryAfter(), "503 carries Retry-After");
            assertTrue(Long.parseLong(full.retryAfter()) >= 1, full::toString);
            assertEquals("TANDEM_OUTAGE_MAX_BYTES", full.body().at("/limit/setting").asText());
            assertEquals(65_536, full.body().at("/limit/value").asLong());
            assertTrue(full.body().get("message").asText().contains("TANDEM_OUTAGE_MAX_BYTES=65536"), full::toString);
            assertFalse(full.body().has("events"), "nothing from the refused request was accepted");
            assertTrue(acked.size() > 100, "acked while the buffer had room: " + acked.size());

            // Fill what room is left with single events, then the legacy socket's producers are refused too.
            for (int i = 0; i < 100; i++) {
                Reply r = post(rig.fixture().http("/api/events"), events(20_000 + i, 1));
                if (r.status() != 202) {
                    assertEquals("outage_full", r.body().get("error").asText(), r::toString);
                    break;
                }
                r.body().get("events").forEach(e -> acked.put(e.get("event_id").asText(), e.get("seq").asLong()));
            }
            producer.send("{\"type\":\"ingest\",\"ref\":\"late\",\"event\":{\"connection_type\":\"kimi\","
                    + "\"direction\":\"inbound\",\"metadata\":{\"pad\":\"" + "x".repeat(2_000) + "\"}}}");
            JsonNode socketRefusal = producer.awaitRef("late");
            assertEquals("rate_limited", socketRefusal.path("code").asText(), socketRefusal::toString);
            assertTrue(socketRefusal.get("message").asText().contains("outage buffer is full"), socketRefusal::toString);

            JsonNode down = rig.health();
            assertEquals(acked.size(), down.at("/outage_buffer/events").asLong(), down::toString);
            assertTrue(down.at("/outage_buffer/bytes").asLong() <= 65_536, down::toString);
            assertTrue(down.at("/writer/rows_refused").asLong() >= 12, down::toString);
            Await.until(Duration.ofSeconds(10), () -> dashboard.events().size() >= acked.size(),
                    () -> dashboard.events().size() + " of " + acked.size() + " broadcast");
            Set<String> broadcast = new HashSet<>();
            dashboard.events().forEach(e -> broadcast.add(e.get("event_id").asText()));
            assertEquals(acked.keySet(), broadcast, "events durable in the buffer are broadcast; refused ones are not");

            rig.proxy().restore();
            Await.until(WAIT, rig::drained, () -> healthText(rig));
            assertEquals(acked.keySet(), eventIds(rig.fixture()));
            assertEquals(acked.size(), count(rig.fixture(), "SELECT count(*) FROM monitoring_events"));
            assertInCommitOrder(rig.fixture(), acked.size());
            assertEquals(List.of(), segmentFiles(rig.fixture().outageDir), "drained segments are deleted");

            Reply after = post(rig.fixture().http("/api/events"), events(0, 3));
            assertEquals(202, after.status(), after::toString);
            producer.send("{\"type\":\"ingest\",\"ref\":\"again\",\"event\":{\"connection_type\":\"kimi\",\"direction\":\"inbound\"}}");
            assertEquals("ack", producer.awaitRef("again").get("type").asText());
            assertEquals(acked.size() + 4, count(rig.fixture(), "SELECT count(*) FROM monitoring_events"));
        }
    }

    @Test
    void eventsLeftInTheBufferAtStopAreReplayedAtTheNextStartAndTheSequenceContinuesAfterThem() throws Exception {
        try (Rig rig = Rig.start("outage_restart", Map.of(Setting.TAP, "off"))) {
            assertEquals(202, post(rig.fixture().http("/api/events"), events(0, 5)).status());
            rig.proxy().cut();
            Reply buffered = post(rig.fixture().http("/api/events"), events(5, 20));
            assertEquals(202, buffered.status(), buffered::toString);
            assertEquals(25, buffered.body().at("/events/19/seq").asLong());
            rig.fixture().service.close(); // stopped while Postgres is away: the 20 stay on disk
            assertEquals(5, count(rig.fixture(), "SELECT count(*) FROM monitoring_events"));
            assertTrue(segmentFiles(rig.fixture().outageDir).size() > 0);

            rig.proxy().restore();
            rig.fixture().restart();
            Await.until(WAIT, rig::drained, () -> healthText(rig));
            assertEquals(25, count(rig.fixture(), "SELECT count(*) FROM monitoring_events"));
            Reply next = post(rig.fixture().http("/api/events"), events(25, 1));
            assertEquals(202, next.status(), next::toString);
            assertEquals(26, next.body().at("/events/0/seq").asLong(), "seq continues after the buffered events");
            assertInCommitOrder(rig.fixture(), 26);
            assertEquals(List.of(), segmentFiles(rig.fixture().outageDir));
        }
    }

    @Test
    void anOutageDirectoryThatCannotBeUsedStopsTheStartNamingTheSetting() throws Exception {
        Path notADirectory = Files.createTempFile("tandem-outage-", ".file");
        try {
            StartupException e = assertThrows(StartupException.class, () -> ServiceFixture.start("outage_bad_dir",
                    Map.of(Setting.TAP, "off", Setting.OUTAGE_DIR, notADirectory.toString())).close());
            assertTrue(e.getMessage().contains("cannot open the outage buffer in " + notADirectory), e.getMessage());
            assertTrue(e.getMessage().contains("TANDEM_OUTAGE_DIR (--outage-dir)"), e.getMessage());
        } finally {
            Files.deleteIfExists(notADirectory);
        }
    }

    private static byte[] events(int first, int count) throws IOException {
        ArrayNode body = Http.JSON.createArrayNode();
        for (int i = first; i < first + count; i++) {
            body.addObject().put("connection_type", "redis").put("direction", i % 2 == 0 ? "inbound" : "outbound")
                    .put("script_name", "job-" + i + ".py").put("response_time_ms", i % 100 + 0.5);
        }
        return Http.JSON.writeValueAsBytes(body);
    }

    private static Reply post(String url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), Http.JSON.readTree(r.body()));
    }

    private static Reply get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), null, Http.JSON.readTree(r.body()));
    }

    private static String healthText(Rig rig) {
        try {
            return rig.health().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static Set<String> eventIds(ServiceFixture fixture) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = fixture.db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id FROM monitoring_events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long count(ServiceFixture fixture, String query) throws SQLException {
        return fixture.db.queryLong(query);
    }

    private static void assertInCommitOrder(ServiceFixture fixture, long rows) throws SQLException {
        try (Connection c = fixture.db.connect()) {
            List<Long> seqs = CommitOrder.seqs(c, "test-instance");
            assertEquals(rows, seqs.size());
            assertNull(CommitOrder.firstDisorder(seqs), "rows reach the table in seq order, replay included");
        }
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }
}
