package dev.tandem.benchmarks;

import java.util.Locale;

/**
 * Finds the highest steady (open-loop) rate a server sustains. Half the closed-loop flood maximum is not a
 * safe operating point: the flood rate includes the server's bursts, and a fixed rate near it lets queues
 * build, which showed up as p99 latencies in the hundreds of ms. So: start at the flood rate (the steady
 * maximum came out within a factor of two of it in every trial), double or halve until the verdict flips
 * between kept-up and fell-behind, then bisect between the two.
 */
final class RateSearch {
    /** One open-loop step at a rate (deliveries/s). */
    interface Probe {
        ServerUnderTest.Step step(double deliveriesPerSecond) throws Exception;
    }

    /** The highest rate that kept up, and the lowest that did not (the answer lies between them). */
    record Result(double sustained, double failed, String log) {
    }

    private static final int MAX_DOUBLINGS = 8;
    private static final double FLOOR = 100; // deliveries/s: below this the server is broken, not slow

    private RateSearch() {
    }

    /** {@code seconds}: the measured length of each step, which the kept-up test scales the backlog by. */
    static Result search(double seed, int bisections, double seconds, Probe probe) throws Exception {
        StringBuilder log = new StringBuilder();
        double rate = Math.max(FLOOR, seed);
        boolean ok = tryRate(probe, rate, seconds, log);
        double lo = ok ? rate : 0;
        double hi = ok ? Double.NaN : rate;
        for (int i = 0; i < MAX_DOUBLINGS && (ok ? Double.isNaN(hi) : lo == 0); i++) {
            rate = ok ? rate * 2 : rate / 2;
            if (rate < FLOOR) {
                break;
            }
            if (tryRate(probe, rate, seconds, log)) {
                lo = Math.max(lo, rate);
            } else {
                hi = Double.isNaN(hi) ? rate : Math.min(hi, rate);
            }
        }
        if (lo == 0 || Double.isNaN(hi)) {
            return new Result(lo, hi, log.toString()); // no bracket: reported as it is
        }
        for (int i = 0; i < bisections; i++) {
            double mid = (lo + hi) / 2;
            if (tryRate(probe, mid, seconds, log)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Result(lo, hi, log.toString());
    }

    /** Logs "120k ok", or for a step that fell behind what it delivered and how much the backlog grew. */
    private static boolean tryRate(Probe probe, double rate, double seconds, StringBuilder log) throws Exception {
        ServerUnderTest.Step step = probe.step(rate);
        boolean ok = step.keptUp(seconds);
        log.append(log.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.0fk ", rate / 1000))
                .append(ok ? "ok" : String.format(Locale.ROOT, "behind (%.0f%% delivered, backlog %+.0f%%)",
                        100 * step.delivered() / rate, 100 * step.lagGrowth() / (rate * seconds)));
        return ok;
    }
}
