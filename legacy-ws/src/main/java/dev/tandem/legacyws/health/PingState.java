package dev.tandem.legacyws.health;

import java.nio.ByteBuffer;

/**
 * One connection's WebSocket ping bookkeeping. Each ping carries a number as its payload, so a pong is
 * matched to its ping (a stale pong from an earlier ping is not mistaken for a fresh one). Thread-safe.
 */
public final class PingState {
    /** The outcome of one health tick for this connection. */
    public enum Tick { PING, WARN_AND_PING, TIMED_OUT }

    /** Unanswered pings after which the connection is closed as a timeout. */
    public static final int MISSED_PONGS_LIMIT = 2;

    private final Latency latency = new Latency();
    private long nextPingId;
    private long outstandingId = -1;
    private long outstandingSentNanos;
    private int missed;

    /**
     * Called once per ping interval: counts the previous ping as missed if its pong has not come, and says
     * whether to ping again or give up. {@code payload} receives the new ping's id when pinging.
     */
    public synchronized Tick tick(long nowNanos, ByteBuffer payload) {
        if (outstandingId >= 0) {
            missed++;
            if (missed >= MISSED_PONGS_LIMIT) {
                return Tick.TIMED_OUT;
            }
        }
        outstandingId = nextPingId++;
        outstandingSentNanos = nowNanos;
        payload.putLong(outstandingId).flip();
        return missed > 0 ? Tick.WARN_AND_PING : Tick.PING;
    }

    /** A pong arrived; returns the round trip in ms when it answers the outstanding ping, else -1. */
    public synchronized double pong(ByteBuffer payload, long nowNanos) {
        if (payload.remaining() != Long.BYTES || payload.getLong(payload.position()) != outstandingId) {
            return -1; // unsolicited or stale pong: proves liveness, but has no timing to offer
        }
        outstandingId = -1;
        missed = 0;
        double ms = (nowNanos - outstandingSentNanos) / 1_000_000.0;
        latency.record(ms);
        return ms;
    }

    public Latency latency() {
        return latency;
    }

    public synchronized int missed() {
        return missed;
    }
}
