package dev.tandem.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the legacy WebSocket fan-out: Tandem's legacy-ws server against a bare Java-WebSocket
 * broadcast server, at several client counts, with TCP_NODELAY on and off. Run with {@code bin/bench-legacy}.
 *
 * <p>This JVM holds the clients; each server runs in a JVM of its own ({@link ServerMain}), started afresh for
 * every (clients, nodelay) cell, pinned to its own core ({@link Pinning}). What each cell measures is in
 * {@link CellRun}. Prints a table; exits 0 whatever the figures, non-zero only when nothing could be measured.
 */
public final class BenchLegacy {
    private BenchLegacy() {
    }

    public static void main(String[] args) {
        BenchOptions parsed;
        try {
            parsed = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("bench-legacy: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        int processors = Runtime.getRuntime().availableProcessors(); // before pinning narrows it
        Pinning pinning = parsed.pin() ? Pinning.pinSelf() : Pinning.none("--pin off");
        BenchOptions options = parsed.withReaders(pinning.pinned());
        System.out.printf(Locale.ROOT, "bench-legacy: clients %s, TCP_NODELAY %s, %d repeats, steps of %.2f s "
                        + "(+%.1f s settle), latency %d s, %d client thread(s), %d processors%n",
                options.clients(), options.noDelay(), options.repeats(), options.stepSeconds(), CellRun.SETTLE_SECONDS,
                options.latencySeconds(), options.readerThreads(), processors);
        System.out.println("  pinning: " + pinning);
        System.out.println("  server JVM: " + options.serverJvmOptions() + ", java " + Runtime.version());
        long start = System.nanoTime();
        CellRun cell = new CellRun(options, pinning);
        List<RunResult> results = new ArrayList<>();
        for (boolean noDelay : options.noDelay()) {
            for (int clients : options.clients()) {
                results.addAll(cell.run(clients, noDelay));
            }
        }
        System.out.println();
        ResultTable.print(results, options.repeats(), System.out);
        System.out.printf(Locale.ROOT, "run time %.1f min%n", (System.nanoTime() - start) / 60e9);
        System.exit(results.stream().noneMatch(RunResult::ok) ? 1 : 0);
    }
}
