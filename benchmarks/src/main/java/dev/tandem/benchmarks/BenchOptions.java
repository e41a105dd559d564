package dev.tandem.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of {@code bin/bench-legacy}; see {@link #USAGE}. */
record BenchOptions(List<Integer> clients, List<Boolean> noDelay, int repeats, double stepSeconds,
        int latencySeconds, boolean pin, int readerThreads, List<String> serverJvmOptions,
        List<Double> latencyAt, List<String> servers) {

    static final String USAGE = """
            usage: bin/bench-legacy [--clients 100,1000,5000] [--nodelay on|off|both] [--repeats 3]
                                    [--step-seconds 1.25] [--seconds 5] [--pin on|off] [--reader-threads 1]
                                    [--server-jvm-opts '-Xmx2g ...'] [--latency-at 300000,750000]
                                    [--servers bare,tandem]
              --clients         client counts to run, comma-separated (each 1..9000: each count is connected
                                to both servers at once, and ulimit -n is 20000)
              --nodelay         TCP_NODELAY on the servers' (and clients') sockets
              --repeats         flood measurements per server, alternating bare and Tandem (median reported)
              --step-seconds    measured length of each flood and each step of the steady-rate search; each
                                is preceded by a 0.5 s settle that is not measured
              --seconds         measured length of the latency run at half the max steady rate
              --pin             taskset: server JVM on cpu 0, clients on cpu 1 (off: let the scheduler mix)
              --reader-threads  client selector threads (default 1 when pinned: the clients have one core)
              --server-jvm-opts extra options for the server-side JVMs (e.g. -XX:StartFlightRecording=...);
                                a collector given here (-XX:+UseZGC) replaces the default G1
              --latency-at      probe only: skip the flood and the steady-rate search, and measure each
                                server's latency (--seconds long) at each of these rates (deliveries/s)
              --servers         which servers to start (both by default; the ratio needs both). A server
                                that fell behind keeps its core busy writing its backlog while the other
                                is measured, so probe well past bare's maximum with --servers tandem
            The default run takes about 6 minutes and is a screening run: its 1.25 s steps read the steady max
            optimistic (a short step can pass before a growing backlog or a GC pause shows: Tandem at 1,000
            clients read 156k/s with 1.25 s steps, 120k/s with 4 s), and its 5 s latency window holds zero or
            one young GC pause (10-50 ms on one core), so p99 depends on whether one landed in it. To judge:
              bin/bench-legacy --repeats 5 --step-seconds 4 --seconds 30      (about 20 minutes)
            or only the cells in question, e.g. --clients 1000 with the same options (about 6 minutes).
            """;
    static final List<String> DEFAULT_SERVER_JVM = List.of("-Xms1g", "-Xmx2g", "-XX:+UseG1GC");

    static BenchOptions parse(String[] args) {
        List<Integer> clients = List.of(100, 1_000, 5_000);
        List<Boolean> noDelay = List.of(true, false);
        int repeats = 3;
        double step = 1.25;
        int seconds = 5;
        boolean pin = true;
        int readers = 0; // chosen once the pinning is known
        List<String> jvm = new ArrayList<>(DEFAULT_SERVER_JVM);
        List<Double> latencyAt = List.of();
        List<String> servers = List.of("bare", "tandem");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--clients" -> clients = Arrays.stream(value.split(","))
                        .map(v -> range("--clients", v.trim(), 1, 9_000)).toList();
                case "--nodelay" -> noDelay = switch (value) {
                    case "on" -> List.of(true);
                    case "off" -> List.of(false);
                    case "both" -> List.of(true, false);
                    default -> throw new IllegalArgumentException("--nodelay must be on, off or both, got " + value);
                };
                case "--repeats" -> repeats = range(flag, value, 1, 50);
                case "--step-seconds" -> step = seconds(flag, value);
                case "--seconds" -> seconds = range(flag, value, 1, 120);
                case "--pin" -> pin = onOff(flag, value);
                case "--reader-threads" -> readers = range(flag, value, 1, 8);
                case "--server-jvm-opts" -> {
                    List<String> given = Arrays.asList(value.trim().split("\\s+"));
                    // A JVM refuses two collectors: a chosen one replaces the default G1.
                    if (given.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w*GC"))) {
                        jvm.removeIf(o -> o.matches("-XX:\\+Use\\w*GC"));
                    }
                    jvm.addAll(given);
                }
                case "--latency-at" -> latencyAt = Arrays.stream(value.split(","))
                        .map(v -> (double) range(flag, v.trim(), 1, 100_000_000)).toList();
                case "--servers" -> servers = Arrays.stream(value.split(",")).map(v -> switch (v.trim()) {
                    case "bare", "tandem" -> v.trim();
                    default -> throw new IllegalArgumentException("--servers takes bare and/or tandem, got " + v);
                }).distinct().toList();
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new BenchOptions(clients, noDelay, repeats, step, seconds, pin, readers, List.copyOf(jvm),
                latencyAt, servers);
    }

    /** The same options with the client thread count settled: one per core the clients have. */
    BenchOptions withReaders(boolean pinned) {
        int readers = readerThreads > 0 ? readerThreads : pinned ? 1 : 2;
        return new BenchOptions(clients, noDelay, repeats, stepSeconds, latencySeconds, pin, readers,
                serverJvmOptions, latencyAt, servers);
    }

    private static boolean onOff(String flag, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(flag + " must be on or off, got " + value);
        };
    }

    private static double seconds(String flag, String value) {
        try {
            double v = Double.parseDouble(value);
            if (v >= 0.5 && v <= 60) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(flag + " must be 0.5..60 seconds, got " + value);
    }

    private static int range(String flag, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got " + value);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }
}
