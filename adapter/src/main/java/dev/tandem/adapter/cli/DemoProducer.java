package dev.tandem.adapter.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.service.TandemService;
import java.io.PrintWriter;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ingests synthetic events at a fixed rate through the same path as {@code POST /api/events}, and prints
 * what the validator sees. Seeded, so two runs produce the same events.
 */
final class DemoProducer implements AutoCloseable {
    private static final String[] CONNECTION_TYPES = {"websocket", "redis", "supabase", "kimi", "glm"};
    private static final String[] SCRIPTS = {"ingest_worker.py", "chat_router.py", "sync_job.py"};

    private final TandemService service;
    private final int rate;
    private final long limit;
    private final int reportEverySeconds;
    private final Random random;
    private final PrintWriter out;
    private final Thread thread;
    private volatile boolean running = true;
    private long sent;

    DemoProducer(TandemService service, int rate, long limit, int reportEverySeconds, long seed, PrintWriter out) {
        this.service = service;
        this.rate = rate;
        this.limit = limit;
        this.reportEverySeconds = reportEverySeconds;
        this.random = new Random(seed);
        this.out = out;
        this.thread = new Thread(this::run, "tandem-demo-producer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        long nextReport = next + TimeUnit.SECONDS.toNanos(reportEverySeconds);
        while (running && (limit == 0 || sent < limit)) {
            try {
                service.ingest().ingest(List.of(next()));
                sent++;
            } catch (Exception e) {
                out.println("demo: ingest refused: " + e.getMessage());
                out.flush();
            }
            next += intervalNanos;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            if (System.nanoTime() >= nextReport) {
                report();
                nextReport += TimeUnit.SECONDS.toNanos(reportEverySeconds);
            }
        }
        report();
    }

    private EventDraft next() {
        String type = CONNECTION_TYPES[random.nextInt(CONNECTION_TYPES.length)];
        boolean failed = random.nextInt(50) == 0;
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("demo", true).put("attempt", 1 + random.nextInt(3));
        return new EventDraft(null, "event", type, random.nextBoolean() ? "inbound" : "outbound",
                SCRIPTS[random.nextInt(SCRIPTS.length)], "handle_" + type, (long) random.nextInt(64 * 1024),
                Math.round(random.nextDouble() * 50_000) / 100.0, failed ? "timeout after 5000 ms" : null,
                metadata, metadata.toString(), null);
    }

    private void report() {
        String figures = service.validation().map(s -> String.format(
                "matched %d, mismatched %d, missing on legacy %d, missing on realtime %d, pending %d",
                s.matched(), s.mismatched(), s.missingOnLegacy(), s.missingOnRealtime(),
                s.pendingLegacyOnly() + s.pendingRealtimeOnly())).orElse("validation off (see the log for why)");
        out.printf("demo: %d events sent; %s%n", sent, figures);
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
