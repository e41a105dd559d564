package dev.tandem.benchmarks.writer;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.realtimebridge.writer.WriterConfig;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Benchmark of the durable leg: how fast rows get into {@code monitoring_events} with the
 * {@code supabase_realtime} publication active and the replication tap reading it, against raw COPY of the
 * same rows (the ceiling) and one autocommit INSERT per event (a naive dual write); then ingest to commit and
 * ingest to tap latency at a fixed offered rate. Run with {@code bin/bench-writer}; see
 * {@link WriterBenchOptions#USAGE}.
 *
 * <p>Everything runs in this JVM against a scratch database: the writer as the service configures it
 * ({@link WriterConfig#defaults()}, a pool of 4), and a tap as the service runs it. Prints figures; exits 0
 * whatever they are, non-zero only when nothing could be measured.
 */
public final class BenchWriter {
    static final String PUBLICATION = "supabase_realtime";
    static final int WARM_UP_ROWS = 20_000;
    static final Duration NAIVE_LIMIT = Duration.ofSeconds(10);
    /** Targets from the issue, printed next to the figures; never enforced. */
    static final double TARGET_OF_COPY = 0.8;
    static final double TARGET_OF_NAIVE = 25;
    static final double TARGET_TAP_P99_MS = 100;

    private BenchWriter() {
    }

    public static void main(String[] args) {
        ScratchBenchMain.main("bench-writer", WriterBenchOptions.USAGE, args, a -> WriterBenchOptions.parse(a, System::getenv),
                o -> new ScratchBenchMain.Server(o.dbUrl(), o.dbUser(), o.dbPassword()), BenchWriter::run);
    }

    private static void run(ScratchDatabase db, WriterBenchOptions options, PrintStream out) throws Exception {
        List<EventRow> rows = BenchRows.rows(options.events(), Instant.now().minusSeconds(3_600));
        byte[] payload = BenchRows.copyText(rows);
        List<byte[]> batches = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += WriterConfig.DEFAULT_MAX_BATCH_SIZE) {
            batches.add(BenchRows.copyText(rows.subList(i, Math.min(rows.size(), i + WriterConfig.DEFAULT_MAX_BATCH_SIZE))));
        }
        out.printf(Locale.ROOT, "bench-writer: %,d events of %d bytes each as COPY text; latency at %,d events/s for %d s"
                        + " (+%d s warm-up)%n", options.events(), payload.length / rows.size(), options.rate(),
                options.seconds(), LatencyRun.WARM_UP_SECONDS);
        out.printf(Locale.ROOT, "  PostgreSQL %s, scratch database %s; java %s, %d processors%n",
                setting(db, "server_version"), db.name(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  wal_level=%s synchronous_commit=%s fsync=%s; %s%n", setting(db, "wal_level"),
                setting(db, "synchronous_commit"), setting(db, "fsync"), publicationState(db));

        TapCounter counter = new TapCounter();
        ReplicationTap tap = new ReplicationTap(TapConfig.builder().jdbcUrl(db.url()).user(db.user())
                .password(db.password()).slotName(db.slotName()).publication(PUBLICATION).build(), counter);
        tap.start();
        try (HikariDataSource pool = Pools.hikari(db.url(), db.user(), db.password(), 4, "bench-writer")) {
            EventWriter writer = new EventWriter(pool, WriterConfig.defaults());
            writer.start();
            try {
                out.printf("  tap streaming slot %s; writer %s%n", db.slotName(), WriterConfig.defaults());
                Throughput runs = new Throughput(db, counter, writer);
                // Warm-up (JIT, connections, caches), not reported.
                List<EventRow> warm = rows.subList(0, Math.min(WARM_UP_ROWS, rows.size()));
                runs.copyStream("warm-up", BenchRows.copyText(warm), warm.size());
                runs.tandem("warm-up", warm);
                runs.naive("warm-up", warm, Duration.ofMillis(500));

                // The three COPY-class runs in rounds, each round in a rotated order, so that neither the VM's drift
                // nor a run's position (a cold or warm cache, the checkpoint before it) favours one of them.
                List<List<Throughput.Result>> rounds = new ArrayList<>();
                for (int round = 0; round < options.rounds(); round++) {
                    Throughput.Result[] r = new Throughput.Result[3];
                    for (int k = 0; k < 3; k++) {
                        int which = (k + round) % 3;
                        r[which] = switch (which) {
                            case 0 -> runs.copyStream("raw COPY, one stream", payload, rows.size());
                            case 1 -> runs.copyBatches("raw COPY, 500 rows a commit", batches, rows.size());
                            default -> runs.tandem("Tandem EventWriter", rows);
                        };
                    }
                    rounds.add(List.of(r));
                }
                Throughput.Result naive = runs.naive("naive: autocommit INSERT each", rows, NAIVE_LIMIT);
                ThroughputReport.print(rounds, naive, out);

                runs.reset(); // the latency run starts like the others: empty table, fresh checkpoint
                long tapBefore = counter.rows();
                out.printf(Locale.ROOT, "%nlatency at %,d events/s offered for %d s, one event per write, each stamped"
                        + " with its scheduled time (open loop)%n", options.rate(), options.seconds());
                LatencyRun.Result latency = LatencyRun.run(writer, counter, tapBefore, options.rate(), options.seconds());
                printLatency(latency, options.rate(), out);
            } finally {
                writer.close(Duration.ofSeconds(10));
            }
        } finally {
            tap.stop();
        }
    }

    private static void printLatency(LatencyRun.Result r, int rate, PrintStream out) {
        out.printf(Locale.ROOT, "  offered %,d events (measured), submitted at %,.0f/s; %d refused (queue full), %d failed%n",
                r.measured(), r.achievedRate(), r.rejected(), r.failed());
        out.printf("  %-18s %9s %9s %9s %9s %10s%n", "ms", "p50", "p99", "p99.9", "max", "count");
        line(out, "ingest -> commit", r.commitMicros());
        line(out, "ingest -> tap", r.tapMicros());
        double tapP99 = r.tapMicros().getValueAtPercentile(99) / 1000.0;
        out.printf(Locale.ROOT, "  ingest -> tap p99 at %,d events/s: %.1f ms   target <= %.0f ms: %s%n", rate, tapP99,
                TARGET_TAP_P99_MS, met(r.tapMicros().getTotalCount() > 0 && tapP99 <= TARGET_TAP_P99_MS));
    }

    private static void line(PrintStream out, String name, Histogram h) {
        out.printf(Locale.ROOT, "  %-18s %9.2f %9.2f %9.2f %9.2f %,10d%n", name, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }

    static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String setting(ScratchDatabase db, String name) throws SQLException {
        return query(db, "SELECT current_setting('" + name + "')");
    }

    private static String publicationState(ScratchDatabase db) throws SQLException {
        String in = query(db, "SELECT count(*) FROM pg_publication_tables WHERE pubname = '" + PUBLICATION
                + "' AND tablename = 'monitoring_events'");
        return "1".equals(in) ? "publication " + PUBLICATION + " holds monitoring_events"
                : "WARNING: monitoring_events is not in publication " + PUBLICATION;
    }

    private static String query(ScratchDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
