package dev.tandem.benchmarks.realtimelocal;

import dev.tandem.benchmarks.writer.ScratchBenchMain;
import dev.tandem.benchmarks.writer.ScratchDatabase;
import dev.tandem.realtimebridge.local.DevKeys;
import dev.tandem.realtimebridge.local.LocalRealtimeConfig;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import dev.tandem.realtimebridge.tap.TapConfig;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Benchmark of the local Realtime endpoint: changes/s delivered to 1, 100 and 1,000 subscribers, and
 * commit->delivery p50/p99 at an offered rate. Everything runs in this JVM against a scratch database: inserts
 * over JDBC, the replication tap, the endpoint, and the subscribers. Run with {@code bin/bench-realtime-local};
 * see {@link RealtimeBenchOptions#USAGE}. Prints figures; exits 0 whatever they are.
 */
public final class BenchRealtimeLocal {
    static final int ROWS_PER_TRANSACTION = 50;
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /** Supabase's published anchor (reference §3.2): 64 changes/s at 500 clients, p95 184-238 ms. */
    static final String ANCHOR = "Supabase Postgres Changes, no RLS, 500 clients: 64 changes/s, p95 184-238 ms";

    private BenchRealtimeLocal() {
    }

    public static void main(String[] args) {
        ScratchBenchMain.main("bench-realtime-local", RealtimeBenchOptions.USAGE, args, a -> RealtimeBenchOptions.parse(a, System::getenv),
                o -> new ScratchBenchMain.Server(o.dbUrl(), o.dbUser(), o.dbPassword()), BenchRealtimeLocal::run);
    }

    private static void run(ScratchDatabase db, RealtimeBenchOptions options, PrintStream out) throws Exception {
        String secret = DevKeys.randomSecret();
        int most = options.subscribers().stream().mapToInt(Integer::intValue).max().orElse(1);
        LocalRealtimeConfig config = LocalRealtimeConfig.builder().port(0).jwtSecret(secret)
                .database(db.url(), db.user(), db.password()).maxConcurrentUsers(most + 10)
                .maxEventsPerSecond(100_000_000).maxJoinsPerSecond(1_000_000).maxQueuedFrames(10_000_000)
                .idleTimeout(Duration.ofMinutes(10)).build();
        out.printf(Locale.ROOT, "bench-realtime-local: subscribers %s; throughput %,d rows (%d per transaction);"
                + " latency at %d rows/s for %d s; java %s, %d processors%n", options.subscribers(), options.changes(),
                ROWS_PER_TRANSACTION, options.rate(), options.seconds(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        out.printf("  anchor: %s%n", ANCHOR);
        out.printf("%n%12s %14s %16s %10s %10s %10s%n", "subscribers", "changes/s", "messages/s", "p50 ms", "p99 ms",
                "max ms");
        try (LocalRealtimeServer server = LocalRealtimeServer.start(config)) {
            server.startTap(TapConfig.builder().jdbcUrl(db.url()).user(db.user()).password(db.password())
                    .slotName(db.slotName()).build());
            String key = DevKeys.sign(secret, "authenticated", Duration.ofHours(2));
            long seq = 0;
            for (int n : options.subscribers()) {
                try (Subscribers subs = Subscribers.connect(server.url(), key, n)) {
                    seq = insert(db, seq, 200, 50, 0); // warm-up
                    awaitDelivered(subs, (long) n * 200);
                    subs.received.set(0);

                    long t0 = System.nanoTime();
                    seq = insert(db, seq, options.changes(), ROWS_PER_TRANSACTION, 0);
                    awaitDelivered(subs, (long) n * options.changes());
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    subs.received.set(0);
                    subs.heartbeat();

                    subs.latencyMicros.reset();
                    subs.recording = true;
                    int rows = options.rate() * options.seconds();
                    seq = insert(db, seq, rows, 1, options.rate());
                    awaitDelivered(subs, (long) n * rows);
                    subs.recording = false;
                    Histogram h = subs.latencyMicros.getIntervalHistogram();
                    out.printf(Locale.ROOT, "%,12d %,14.0f %,16.0f %10.1f %10.1f %10.1f%n", n, options.changes() / seconds,
                            (double) n * options.changes() / seconds, h.getValueAtPercentile(50) / 1000.0,
                            h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
                }
            }
            out.printf("%n  changes/s: rows inserted %d per transaction as fast as PostgreSQL takes them, divided by the"
                    + " time from the first insert to the last delivery at every subscriber (messages/s = changes/s"
                    + " x subscribers); p50/p99/max: receive time - commit_timestamp (ms precision) of each delivery"
                    + " at %d rows/s offered, one row per transaction%n", ROWS_PER_TRANSACTION, options.rate());
            out.printf("  endpoint: %s%n", server.stats());
        }
    }

    /** Inserts {@code rows} rows, {@code perTx} per transaction, paced at {@code rate} rows/s (0: unpaced). */
    private static long insert(ScratchDatabase db, long seq, int rows, int perTx, int rate) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_events"
                + " (event_id, seq, source, type, connection_type, direction, response_time_ms, ingested_at)"
                + " VALUES (?, ?, 'bench', 'request', 'http', 'inbound', 1.5, now())")) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                ps.setObject(1, UUID.randomUUID());
                ps.setLong(2, ++seq);
                ps.addBatch();
                if ((i + 1) % perTx == 0 || i + 1 == rows) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
        return seq;
    }

    private static void awaitDelivered(Subscribers subs, long expected) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (subs.received.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + subs.received.get() + " of " + expected
                        + " deliveries within " + DRAIN_TIMEOUT + " (" + subs.failures.get() + " unreadable: "
                        + subs.lastFailure + ")");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
