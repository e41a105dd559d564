package dev.tandem.legacyws;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits with a deadline for state that has no latch of its own (a server-side counter). */
final class Awaits {
    private Awaits() {
    }

    static void until(BooleanSupplier condition, Supplier<String> state) {
        Duration timeout = RecordingClient.TIMEOUT;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; " + state.get());
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }
}
