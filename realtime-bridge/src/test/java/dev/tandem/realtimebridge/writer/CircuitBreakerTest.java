package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.realtimebridge.writer.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every transition of the breaker, on a clock the test moves by hand. */
class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(2), now::get);

    @Test
    void staysClosedBelowTheThresholdAndASuccessResetsTheCount() {
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(0, breaker.consecutiveFailures());
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(State.CLOSED, breaker.state(), "only consecutive failures count");
        assertEquals(0, breaker.opens());
    }

    @Test
    void opensAtTheThresholdAndRefusesAttemptsUntilTheCoolDownHasPassed() {
        failTimes(3);
        assertEquals(State.OPEN, breaker.state());
        assertEquals(1, breaker.opens());
        assertFalse(breaker.tryAcquire());
        assertEquals(Duration.ofSeconds(2).toNanos(), breaker.nanosUntilProbe());

        advance(Duration.ofMillis(1_999));
        assertFalse(breaker.tryAcquire());
        assertEquals(Duration.ofMillis(1).toNanos(), breaker.nanosUntilProbe());
        advance(Duration.ofMillis(1));
        assertEquals(0, breaker.nanosUntilProbe());
        assertEquals(State.OPEN, breaker.state(), "still open until someone asks");
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsSuccessCloses() {
        failTimes(3);
        advance(Duration.ofSeconds(2));
        assertTrue(breaker.tryAcquire(), "the probe");
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "only one probe at a time");

        breaker.onSuccess();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertEquals(0, breaker.nanosUntilProbe());
    }

    @Test
    void aFailedProbeReopensForAFullCoolDown() {
        failTimes(3);
        advance(Duration.ofSeconds(5));
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(State.OPEN, breaker.state());
        assertEquals(2, breaker.opens());
        assertFalse(breaker.tryAcquire());
        assertEquals(Duration.ofSeconds(2).toNanos(), breaker.nanosUntilProbe(), "the cool-down starts again");

        advance(Duration.ofSeconds(2));
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(State.CLOSED, breaker.state());
        failTimes(2);
        assertEquals(State.CLOSED, breaker.state(), "closing resets the failure count");
    }

    @Test
    void settingsOutOfRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(0, Duration.ofSeconds(1), now::get));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(1, Duration.ofSeconds(-1), now::get));
    }

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            assertTrue(breaker.tryAcquire() || breaker.state() != State.CLOSED);
            breaker.onFailure();
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
