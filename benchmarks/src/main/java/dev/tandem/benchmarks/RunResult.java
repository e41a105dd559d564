package dev.tandem.benchmarks;

import java.util.List;

/**
 * The figures of one server at one client count and TCP_NODELAY setting. Latencies are in microseconds,
 * rates in deliveries (events × clients) per second.
 *
 * @param floods      the closed-loop maximum of each repeat, in the order measured
 * @param steadyMax   the highest steady rate that kept up; {@code steadyFailed} the lowest that did not
 * @param latencyRate the steady rate of the latency run (half of {@code steadyMax})
 */
record RunResult(
        String server,
        int clients,
        boolean tcpNoDelay,
        double eventBytes,
        List<Double> floods,
        double steadyMax,
        double steadyFailed,
        double latencyRate,
        long p50Micros,
        long p99Micros,
        long maxMicros,
        long heapBytesPerConnection,
        int disconnects,
        String error) {

    static RunResult failed(String server, int clients, boolean tcpNoDelay, String error) {
        return new RunResult(server, clients, tcpNoDelay, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, error);
    }

    boolean ok() {
        return error == null;
    }

    double floodMedian() {
        return median(floods);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double floodMin() {
        return floods.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    double floodMax() {
        return floods.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
