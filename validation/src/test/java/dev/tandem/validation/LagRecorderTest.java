package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LagRecorderTest {
    @Test
    void percentilesSpanValuesBelowAndAboveZero() {
        LagRecorder r = new LagRecorder(3, true);
        for (int i = 0; i < 60; i++) {
            r.record(-100_000); // realtime 100 ms before legacy
        }
        for (int i = 0; i < 40; i++) {
            r.record(250_000);
        }
        assertEquals(100, r.count());
        assertEquals(-100, r.percentileMs(50), 0.1);
        assertEquals(250, r.percentileMs(95), 0.3);
        assertEquals(250, r.maxMs(), 0.3);
        assertEquals(-100, r.percentileMs(1), 0.1);
    }

    @Test
    void allBelowZero() {
        LagRecorder r = new LagRecorder(3, false);
        r.record(-5_000);
        r.record(-1_000);
        assertEquals(-1, r.maxMs(), 0.01);
        assertEquals(-5, r.percentileMs(50), 0.01);
        assertEquals(-1, r.percentileMs(100), 0.01);
    }

    @Test
    void bucketsCountExactlyByUpperBoundInMilliseconds() {
        LagRecorder r = new LagRecorder(3, true);
        r.record(-3);        // below zero: the first bucket
        r.record(1_000);     // exactly 1 ms: the first bucket
        r.record(1_001);     // (1, 2]
        r.record(60_000_000); // exactly 60 s: the last bounded bucket
        r.record(60_000_001); // above every bound
        long[] expected = new long[LagRecorder.BUCKET_UPPER_MS.length + 1];
        expected[0] = 2;
        expected[1] = 1;
        expected[LagRecorder.BUCKET_UPPER_MS.length - 1] = 1;
        expected[LagRecorder.BUCKET_UPPER_MS.length] = 1;
        assertArrayEquals(expected, r.buckets());
        assertEquals(0, new LagRecorder(3, false).percentileMs(99));
    }
}
