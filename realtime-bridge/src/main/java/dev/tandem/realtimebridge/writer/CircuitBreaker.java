package dev.tandem.realtimebridge.writer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Guards the database against a writer that would keep hammering it while it is down, and tells the writer when
 * to stop waiting on retries and use the outage buffer instead.
 *
 * <pre>
 *  CLOSED --(failureThreshold consecutive failures)--> OPEN --(openFor elapsed, next tryAcquire)--> HALF_OPEN
 *  HALF_OPEN --(the one probe succeeds)--> CLOSED          HALF_OPEN --(the probe fails)--> OPEN (cool-down again)
 * </pre>
 *
 * Thread-safe; time comes from {@code nanoClock} so tests can drive it.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private long opens;

    public CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, got: " + failureThreshold);
        }
        if (openFor.isNegative()) {
            throw new IllegalArgumentException("openFor must not be negative, got: " + openFor);
        }
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * May an attempt be made now? Always when closed; when open, only once the cool-down has passed, and then
     * exactly one caller gets the probe (the state becomes half-open until it reports back).
     */
    public synchronized boolean tryAcquire() {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> false;
            case OPEN -> {
                if (nanoClock.getAsLong() - openedAt < openForNanos) {
                    yield false;
                }
                state = State.HALF_OPEN;
                yield true;
            }
        };
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
            opens++;
        }
    }

    public synchronized State state() {
        return state;
    }

    /** Nanoseconds until an open breaker lets a probe through; 0 when closed, half-open, or the probe is due. */
    public synchronized long nanosUntilProbe() {
        if (state != State.OPEN) {
            return 0;
        }
        return Math.max(0, openedAt + openForNanos - nanoClock.getAsLong());
    }

    /** How many times the breaker has opened (including re-opening after a failed probe). */
    public synchronized long opens() {
        return opens;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
