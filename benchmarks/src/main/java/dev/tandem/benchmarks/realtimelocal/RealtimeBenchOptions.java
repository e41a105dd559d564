package dev.tandem.benchmarks.realtimelocal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The command line of {@code bin/bench-realtime-local}; see {@link #USAGE}. */
record RealtimeBenchOptions(List<Integer> subscribers, int changes, int rate, int seconds, String dbUrl, String dbUser,
        String dbPassword) {
    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final int MAX_SUBSCRIBERS = 5_000;

    static final String USAGE = """
            usage: bin/bench-realtime-local [--subscribers 1,100,1000] [--changes 2000] [--rate 50] [--seconds 10]
                                            [--db-url URL] [--db-user USER] [--db-password PASSWORD]
              --subscribers  comma-separated subscriber counts, one round each (1 to %d)
              --changes      rows of the throughput run: inserted 50 per transaction as fast as PostgreSQL takes
                             them; changes/s = rows / (first insert to last delivery at every subscriber)
              --rate         rows/s offered in the latency run, one row per transaction (open loop)
              --seconds      length of the latency run; commit->delivery = receive time - commit_timestamp
              --db-url       any database on the PostgreSQL server (default $TANDEM_DB_URL, else %s);
                             a scratch database bench_writer_<random> is created beside it and dropped at the end
              --db-user      default $TANDEM_DB_USER, else postgres
              --db-password  default $TANDEM_DB_PASSWORD, else empty
            Subscribers are java.net.http WebSocket clients in this JVM speaking the Realtime protocol (vsn 1.0.0),
            each joined to INSERTs of monitoring_events with an authenticated key, so every transaction's rows
            pass the RLS check once per role. The local endpoint's limits are raised for the run. Never fails on
            timing.
            """.formatted(MAX_SUBSCRIBERS, DEFAULT_DB_URL);

    static RealtimeBenchOptions parse(String[] args, UnaryOperator<String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            given.put(args[i], args[i + 1]);
        }
        List<Integer> subscribers = new ArrayList<>();
        for (String s : given.getOrDefault("--subscribers", "1,100,1000").split(",")) {
            subscribers.add(number("--subscribers", s.trim(), 1, MAX_SUBSCRIBERS));
        }
        int changes = number("--changes", given.getOrDefault("--changes", "2000"), 50, 1_000_000);
        int rate = number("--rate", given.getOrDefault("--rate", "50"), 1, 100_000);
        int seconds = number("--seconds", given.getOrDefault("--seconds", "10"), 1, 600);
        String url = given.getOrDefault("--db-url", orDefault(env.apply("TANDEM_DB_URL"), DEFAULT_DB_URL));
        String user = given.getOrDefault("--db-user", orDefault(env.apply("TANDEM_DB_USER"), "postgres"));
        String password = given.getOrDefault("--db-password", orDefault(env.apply("TANDEM_DB_PASSWORD"), ""));
        given.keySet().removeAll(List.of("--subscribers", "--changes", "--rate", "--seconds", "--db-url", "--db-user",
                "--db-password"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option " + given.keySet().iterator().next());
        }
        return new RealtimeBenchOptions(List.copyOf(subscribers), changes, rate, seconds, url, user, password);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.replace("_", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", got " + value);
    }
}
