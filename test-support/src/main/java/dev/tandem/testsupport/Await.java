package dev.tandem.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, for state that has no latch to wait on (a row count, a counter). */
public final class Await {
    private Await() {
    }

    /** Polls every 10 ms until {@code condition} holds; fails with {@code state}'s description at the deadline. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; state: " + state.get());
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
