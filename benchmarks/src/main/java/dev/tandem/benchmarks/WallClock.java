package dev.tandem.benchmarks;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch. Latency is stamped in the server JVM and read in the client
 * JVM: nanoTime has no common origin across processes, while both read the same system clock (CLOCK_REALTIME,
 * microsecond resolution through Instant on Linux). NTP steps during a run would skew it; none happen here.
 */
final class WallClock {
    private WallClock() {
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
