package dev.tandem.benchmarks.writer;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints the throughput rounds: every run, then per method the median and range, the ratios of the medians
 * (what the targets are judged on) and the ratio within each round (the same minutes of the VM).
 */
final class ThroughputReport {
    private static final String[] NAMES = {"raw COPY, one stream", "raw COPY, 500 rows a commit", "Tandem EventWriter"};

    private ThroughputReport() {
    }

    static void print(List<List<Throughput.Result>> rounds, Throughput.Result naive, PrintStream out) {
        out.printf("%nthroughput into monitoring_events (publication active, tap reading), %d round(s)%n", rounds.size());
        for (int i = 0; i < rounds.size(); i++) {
            for (Throughput.Result r : rounds.get(i)) {
                out.printf(Locale.ROOT, "  round %d  %-28s %,9d rows in %6.2f s  %,9.0f rows/s   %s%n", i + 1, r.name(),
                        r.rows(), r.seconds(), r.rowsPerSecond(), r.note());
            }
        }
        out.printf(Locale.ROOT, "  %-37s %,9d rows in %6.2f s  %,9.0f rows/s   %s%n", naive.name(), naive.rows(),
                naive.seconds(), naive.rowsPerSecond(), naive.note());
        double[] median = new double[3];
        out.println("  median (min..max) rows/s:");
        for (int m = 0; m < 3; m++) {
            double[] v = values(rounds, m);
            median[m] = median(v);
            out.printf(Locale.ROOT, "    %-28s %,9.0f  (%,.0f..%,.0f)%n", NAMES[m], median[m], v[0], v[v.length - 1]);
        }
        double ofCopy = median[2] / median[0];
        double ofNaive = median[2] / naive.rowsPerSecond();
        out.printf(Locale.ROOT, "  Tandem / raw COPY (one stream), medians   %6.2f   target >= %.1f: %s%n", ofCopy,
                BenchWriter.TARGET_OF_COPY, BenchWriter.met(ofCopy >= BenchWriter.TARGET_OF_COPY));
        out.printf(Locale.ROOT, "  Tandem / raw COPY (500 a commit), medians %6.2f%n", median[2] / median[1]);
        StringBuilder perRound = new StringBuilder();
        for (List<Throughput.Result> r : rounds) {
            perRound.append(String.format(Locale.ROOT, " %.2f", r.get(2).rowsPerSecond() / r.get(0).rowsPerSecond()));
        }
        out.printf("  Tandem / raw COPY (one stream), each round:%s%n", perRound);
        out.printf(Locale.ROOT, "  Tandem / naive, median                   %6.1f   target >= %.0f: %s%n", ofNaive,
                BenchWriter.TARGET_OF_NAIVE, BenchWriter.met(ofNaive >= BenchWriter.TARGET_OF_NAIVE));
        out.printf(Locale.ROOT, "  raw COPY (one stream) / naive            %6.1f   (no writer can beat the ceiling's own ratio)%n",
                median[0] / naive.rowsPerSecond());
    }

    private static double[] values(List<List<Throughput.Result>> rounds, int method) {
        double[] v = rounds.stream().mapToDouble(r -> r.get(method).rowsPerSecond()).toArray();
        Arrays.sort(v);
        return v;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
