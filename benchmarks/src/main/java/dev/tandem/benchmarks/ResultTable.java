package dev.tandem.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the results, each Tandem row after the bare row it is compared with. */
final class ResultTable {
    private static final String ROW =
            "%7s  %-7s  %-6s  %5s  %-27s  %5s  %10s  %5s  %10s  %7s  %7s  %7s  %6s  %4s  %s%n";

    private ResultTable() {
    }

    static void print(List<RunResult> results, int repeats, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "clients", "nodelay", "server", "bytes", "flood deliv/s med (min-max)",
                "ratio", "steady max", "ratio", "lat rate", "p50 ms", "p99 ms", "max ms", "B/conn", "disc",
                "notes");
        for (RunResult r : results) {
            if (!r.ok()) {
                out.printf(Locale.ROOT, ROW, r.clients(), onOff(r.tcpNoDelay()), r.server(), "-", "-", "-", "-", "-",
                        "-", "-", "-", "-", "-", "-", "FAILED: " + r.error());
                continue;
            }
            RunResult bare = r.server().equals("tandem") ? bareFor(results, r) : null;
            String notes = Double.isNaN(r.steadyFailed()) ? "never fell behind up to " + k(r.steadyMax())
                    : r.steadyMax() == 0 ? "fell behind even at " + k(r.steadyFailed()) : "";
            out.printf(Locale.ROOT, ROW, r.clients(), onOff(r.tcpNoDelay()), r.server(),
                    String.format(Locale.ROOT, "%.0f", r.eventBytes()),
                    String.format(Locale.ROOT, "%,.0f (%s-%s)", r.floodMedian(), k(r.floodMin()), k(r.floodMax())),
                    bare == null ? "" : ratio(r.floodMedian(), bare.floodMedian()),
                    String.format(Locale.ROOT, "%,.0f", r.steadyMax()),
                    bare == null ? "" : ratio(r.steadyMax(), bare.steadyMax()),
                    String.format(Locale.ROOT, "%,.0f", r.latencyRate()),
                    ms(r.p50Micros()), ms(r.p99Micros()), ms(r.maxMicros()),
                    String.format(Locale.ROOT, "%,d", r.heapBytesPerConnection()), r.disconnects(), notes);
        }
        out.printf(Locale.ROOT, """
                bytes: average event payload on the wire (text frame payload; +4 bytes of frame header each)
                flood: deliveries/s (events x clients) publishing closed-loop as fast as the clients keep up;
                       median (min-max, k = thousands) of %d alternating runs; ratio = tandem / bare of the medians
                steady max: highest open-loop fixed rate (deliveries/s) at which the clients kept up (delivered
                       >= 95%% of the offered rate and the backlog grew < 5%%, +- one event's fan-out), searched
                       from the flood median by doubling/halving, then %d bisections: a lower bound, within 1/8 of
                       the bracket [r, 2r] that holds the answer; one search per server; ratio = tandem / bare
                lat rate, p50/p99/max: open loop at half the steady max; latency = publish (server JVM) -> client read
                B/conn: server JVM's live heap (after full GC) with N idle clients minus with none, / N
                disc: clients the server disconnected during the cell
                short steps (< 4 s) read the steady max optimistic, short latency windows (< 30 s) make p99 hinge
                on whether a GC pause landed in them: see --help before judging targets on a default run
                """, repeats, CellRun.BISECTIONS);
    }

    private static RunResult bareFor(List<RunResult> results, RunResult tandem) {
        return results.stream()
                .filter(b -> b.ok() && b.server().equals("bare") && b.clients() == tandem.clients()
                        && b.tcpNoDelay() == tandem.tcpNoDelay())
                .findFirst().orElse(null);
    }

    private static String ratio(double tandem, double bare) {
        return bare > 0 ? String.format(Locale.ROOT, "%.2f", tandem / bare) : "-";
    }

    private static String k(double rate) {
        return String.format(Locale.ROOT, "%.0fk", rate / 1000);
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
