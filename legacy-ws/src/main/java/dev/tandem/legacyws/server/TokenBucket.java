package dev.tandem.legacyws.server;

import java.time.Clock;

/**
 * A client's inbound rate limit: {@code burst} messages at once, refilled at {@code perSecond}. A message
 * that finds the bucket empty is answered {@code rate_limited} and not processed. Uses the configured clock so
 * tests can refill it deterministically. Called from the connection's one decoder thread, but synchronised
 * anyway since it is cheap.
 */
final class TokenBucket {
    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(Clock clock, double perSecond, int burst) {
        this.clock = clock;
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = clock.millis();
    }

    synchronized boolean tryTake() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(burst, tokens + (now - lastMillis) * perMilli);
            lastMillis = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
