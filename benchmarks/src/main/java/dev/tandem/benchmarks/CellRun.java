package dev.tandem.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Everything measured at one (clients, nodelay) cell, for bare and Tandem side by side:
 * <ol>
 * <li>heap per idle connection, as each server JVM comes up with its N clients;</li>
 * <li>the closed-loop flood maximum, {@code repeats} times, alternating which server goes first, so that a
 * slow spell of the machine lands on both rather than on one (one window per server gave ratios of
 * 0.60–1.90);</li>
 * <li>the highest steady rate each server sustains ({@link RateSearch}, seeded by its flood median);</li>
 * <li>latency at half of that steady rate.</li>
 * </ol>
 * The last two run for one server at a time, each closed once measured (see {@link #run}).
 * With {@code --latency-at} only the latency at the given rates is measured, again one server at a time.
 * A server that fails is reported as failed; the other one's figures are still measured.
 */
final class CellRun {
    /** Not measured before each flood or step: the previous phase's tail and the new rate settle. */
    static final double SETTLE_SECONDS = 0.5;
    /** Before a server's first flood: the JIT compiles the fan-out path (the first seconds run slower). */
    private static final double FIRST_SETTLE_SECONDS = 2;
    private static final double LATENCY_SETTLE_SECONDS = 1;
    /** Bisections after the bracket [r, 2r] is found: the answer is then within r/8. */
    static final int BISECTIONS = 3;

    private final BenchOptions options;
    private final Pinning pinning;

    CellRun(BenchOptions options, Pinning pinning) {
        this.options = options;
        this.pinning = pinning;
    }

    /** One server's state during the cell; {@code sut} is null once it failed (error says why). */
    private static final class Slot {
        final String kind;
        ServerUnderTest sut;
        final List<Double> floods = new ArrayList<>();
        RateSearch.Result steady;
        double latencyRate;
        Histogram latency;
        long heap;
        boolean noDelay;
        int disconnects;
        double eventBytes;
        String error;

        Slot(String kind) {
            this.kind = kind;
        }
    }

    private interface Action {
        void run(Slot slot) throws Exception;
    }

    List<RunResult> run(int clients, boolean noDelay) {
        System.out.printf(Locale.ROOT, "%n  %,d clients, nodelay %s%n", clients, noDelay ? "on" : "off");
        List<Slot> slots = options.servers().stream().map(Slot::new).toList();
        try {
            each(slots, s -> {
                long t0 = System.nanoTime();
                s.sut = new ServerUnderTest(s.kind, clients, noDelay, options, pinning);
                s.heap = s.sut.heapPerConnection();
                s.noDelay = s.sut.tcpNoDelay();
                System.out.printf(Locale.ROOT, "    %-6s up in %.1f s, TCP_NODELAY %s, heap %,d B per idle "
                        + "connection%n", s.kind, (System.nanoTime() - t0) / 1e9, s.noDelay ? "on" : "off", s.heap);
            });
            if (!options.latencyAt().isEmpty()) {
                probeLatency(slots);
                return List.of();
            }
            for (int rep = 0; rep < options.repeats(); rep++) {
                double settle = rep == 0 ? FIRST_SETTLE_SECONDS : SETTLE_SECONDS;
                List<Slot> order = rep % 2 == 0 ? slots : slots.reversed();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    flood %d/%d:", rep + 1,
                        options.repeats()));
                each(order, s -> {
                    double rate = s.sut.flood(settle, options.stepSeconds());
                    s.floods.add(rate);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f/s", s.kind, rate));
                });
                System.out.println(line);
            }
            // One server at a time from here, the other one closed: a step it fell behind at leaves a backlog
            // that its JVM goes on writing, on the same core, long after the step (bare at 300k/s with 1,000
            // clients: seconds), which made the other server's figures look worse than they are.
            each(slots, s -> {
                s.steady = RateSearch.search(RunResult.median(s.floods), BISECTIONS, options.stepSeconds(),
                        rate -> s.sut.step(rate, SETTLE_SECONDS, options.stepSeconds()));
                System.out.printf(Locale.ROOT, "    steady %-6s %s -> %,.0f/s%n", s.kind, s.steady.log(),
                        s.steady.sustained());
                s.latencyRate = s.steady.sustained() / 2;
                if (s.latencyRate > 0) {
                    s.latency = s.sut.latency(s.latencyRate, LATENCY_SETTLE_SECONDS, options.latencySeconds());
                }
                s.disconnects = s.sut.disconnects();
                s.eventBytes = s.sut.eventBytes();
                close(s);
            });
            return slots.stream().map(s -> result(s, clients, noDelay)).toList();
        } finally {
            for (Slot s : slots) {
                close(s);
            }
        }
    }

    /** {@code --latency-at}: latency at each given rate, printed as it is measured; no table row. */
    private void probeLatency(List<Slot> slots) {
        each(slots, s -> {
            for (double rate : options.latencyAt()) {
                Histogram h = s.sut.latency(rate, LATENCY_SETTLE_SECONDS, options.latencySeconds());
                System.out.printf(Locale.ROOT, "    latency %-6s at %,.0f/s: p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms"
                                + "  max %.2f ms  (%,d deliveries)%n", s.kind, rate, h.getValueAtPercentile(50) / 1e3,
                        h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                        h.getTotalCount());
            }
            close(s); // not to share its core with the next server while it still writes a backlog
        });
    }

    /** Runs the action on every live server; one that throws is closed and marked failed, the rest go on. */
    private static void each(List<Slot> slots, Action action) {
        for (Slot s : slots) {
            if (s.error != null) {
                continue;
            }
            try {
                action.run(s);
            } catch (Exception e) {
                s.error = e.toString();
                System.out.printf("    %-6s failed: %s%n", s.kind, s.error);
                close(s);
            }
        }
    }

    private static RunResult result(Slot s, int clients, boolean noDelay) {
        if (s.error != null) {
            return RunResult.failed(s.kind, clients, noDelay, s.error);
        }
        Histogram h = s.latency == null ? new Histogram(3) : s.latency;
        return new RunResult(s.kind, clients, s.noDelay, s.eventBytes, List.copyOf(s.floods),
                s.steady.sustained(), s.steady.failed(), s.latencyRate, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue(), s.heap, s.disconnects, null);
    }

    private static void close(Slot s) {
        if (s.sut == null) {
            return;
        }
        try {
            s.sut.close();
        } catch (Exception e) {
            System.err.println("bench: closing " + s.kind + ": " + e);
        } finally {
            s.sut = null;
        }
    }
}
