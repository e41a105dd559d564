package dev.tandem.benchmarks.writer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The command line of {@code bin/bench-writer}; see {@link #USAGE}. */
record WriterBenchOptions(int events, int rate, int seconds, int rounds, String dbUrl, String dbUser, String dbPassword) {
    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    static final String USAGE = """
            usage: bin/bench-writer [--events 250000] [--rounds 3] [--rate 10000] [--seconds 20]
                                    [--db-url URL] [--db-user USER] [--db-password PASSWORD]
              --events       rows per throughput run (raw COPY, Tandem's writer); the naive run stops at
                             this many rows or after 10 s, whichever comes first
              --rounds       rounds of the three COPY-class runs (one-stream COPY, 500-row COPY, Tandem's
                             writer), each round in another order; medians and per-round ratios are printed,
                             as one run on a VM varies by a fifth or more
              --rate         offered rate of the latency run, events/s, one event per write
              --seconds      measured length of the latency run (after a 2 s warm-up at the same rate)
              --db-url       any database on the PostgreSQL server to measure (default $TANDEM_DB_URL, else
                             %s); the benchmark creates a scratch database
                             bench_writer_<random> beside it, applies Tandem's migrations, and drops it (with
                             its replication slot) at the end. The server needs wal_level=logical
              --db-user      default $TANDEM_DB_USER, else postgres
              --db-password  default $TANDEM_DB_PASSWORD, else empty
            Prints rows/s of raw COPY (the ceiling), of Tandem's EventWriter and of one autocommit INSERT per
            event (a naive dual write), all into monitoring_events with the supabase_realtime publication
            active and the replication tap reading it; then p50/p99/max ingest->commit and ingest->tap latency
            at the offered rate. About a minute with the defaults. Never fails on timing.
            """.formatted(DEFAULT_DB_URL);

    static WriterBenchOptions parse(String[] args, UnaryOperator<String> env) {
        Map<String, String> given = pairs(args);
        int events = range(given, "--events", 250_000, 1_000, 10_000_000);
        int rate = range(given, "--rate", 10_000, 1, 1_000_000);
        int seconds = range(given, "--seconds", 20, 1, 600);
        int rounds = range(given, "--rounds", 3, 1, 10);
        String url = given.getOrDefault("--db-url", orDefault(env.apply("TANDEM_DB_URL"), DEFAULT_DB_URL));
        String user = given.getOrDefault("--db-user", orDefault(env.apply("TANDEM_DB_USER"), "postgres"));
        String password = given.getOrDefault("--db-password", orDefault(env.apply("TANDEM_DB_PASSWORD"), ""));
        given.keySet().removeAll(List.of("--events", "--rounds", "--rate", "--seconds", "--db-url", "--db-user", "--db-password"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option " + given.keySet().iterator().next());
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--db-url must start with jdbc:postgresql://, got " + url);
        }
        return new WriterBenchOptions(events, rate, seconds, rounds, url, user, password);
    }

    /** {@code --flag value} pairs in the order given; {@code -h}/{@code --help} is an empty message. */
    private static Map<String, String> pairs(String[] args) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            pairs.put(args[i], args[i + 1]);
        }
        return pairs;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int range(Map<String, String> given, String flag, int fallback, int min, int max) {
        String value = given.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", got " + value);
    }
}
