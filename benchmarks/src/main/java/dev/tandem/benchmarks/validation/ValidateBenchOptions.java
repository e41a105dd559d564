package dev.tandem.benchmarks.validation;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The command line of {@code bin/bench-validate}; see {@link #USAGE}. */
record ValidateBenchOptions(int events, int repeats, int warmUp, int rate, int dashboards) {
    static final String USAGE = """
            usage: bin/bench-validate [--events 1000000] [--repeats 3] [--warm-up 1000000] [--rate 1000]
                                      [--dashboards 10]
              --events      events compared per measured repeat (each delivered once by each side, no faults)
              --repeats     measured repeats, one after the other on the same validator (median reported)
              --warm-up     events compared before measuring, so the JIT has compiled the hot path and the
                            validator's windows (pending, dedup ids) have filled
              --rate        event rate in the validator's own (simulated) time, events/s: it sets how many
                            events the windows hold (1,000/s, five-minute dedup window: 300,000 ids)
              --dashboards  dashboards for the capacity projection printed with the report
            One thread feeds the validator, so events compared per second is per core. Prints each repeat, the
            median, and the heap the validator holds after a full GC. Never fails on timing.
            """;

    private static final Set<String> HELP = Set.of("-h", "--help");

    static ValidateBenchOptions parse(String[] args) {
        int events = 1_000_000;
        int repeats = 3;
        int warmUp = 1_000_000;
        int rate = 1_000;
        int dashboards = 10;
        Iterator<String> words = List.of(args).iterator();
        while (words.hasNext()) {
            String flag = words.next();
            if (HELP.contains(flag)) {
                throw new IllegalArgumentException("");
            }
            String value = words.hasNext() ? words.next() : null;
            switch (flag) {
                case "--events" -> events = number(flag, value, 10_000, 100_000_000);
                case "--repeats" -> repeats = number(flag, value, 1, 100);
                case "--warm-up" -> warmUp = number(flag, value, 0, 100_000_000);
                case "--rate" -> rate = number(flag, value, 1, 100_000);
                case "--dashboards" -> dashboards = number(flag, value, 0, 1_000_000);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new ValidateBenchOptions(events, repeats, warmUp, rate, dashboards);
    }

    /** {@code text} as a whole number within min..max (underscores and commas allowed); null: none given. */
    private static int number(String flag, String text, int min, int max) {
        if (text == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        long v;
        try {
            v = Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("%s takes a whole number from %,d to %,d; got %s".formatted(flag, min, max, text));
        }
        return (int) v;
    }
}
