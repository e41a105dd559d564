package dev.tandem.realtimebridge.supabase;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;

/**
 * The current user token and when to replace it. Tokens that are JWTs with an {@code exp} are replaced
 * {@code margin} before it (or at half their remaining life when that is shorter); other tokens (an opaque
 * {@code sb_} key, a JWT without exp) are kept until the server says they expired.
 */
final class TokenKeeper {
    /** Never refresh more often than this, whatever a token's exp says. */
    static final Duration MIN_REFRESH_DELAY = Duration.ofMillis(10);

    private final Supplier<String> supplier;
    private final Duration margin;
    private volatile String token;
    private volatile long refreshes = -1; // the first fetch is not a refresh

    TokenKeeper(Supplier<String> supplier, Duration margin) {
        this.supplier = supplier;
        this.margin = margin;
    }

    /** Asks the supplier for a token; the caller installs it with {@link #set}. */
    String fetch() {
        String t;
        try {
            t = supplier.get();
        } catch (RuntimeException e) {
            throw new RealtimeException("the token supplier failed: " + e);
        }
        if (t == null || t.isBlank()) {
            throw new RealtimeException("the token supplier returned no token");
        }
        return t;
    }

    void set(String t) {
        token = t;
        refreshes++;
    }

    String current() {
        return token;
    }

    long refreshes() {
        return Math.max(0, refreshes);
    }

    /** How long until the current token should be replaced, or null when it carries no expiry. */
    Duration untilRefresh(Instant now) {
        Instant exp = expiry(token);
        if (exp == null) {
            return null;
        }
        Duration left = Duration.between(now, exp);
        Duration early = left.minus(margin);
        Duration delay = early.compareTo(left.dividedBy(2)) < 0 ? left.dividedBy(2) : early;
        return delay.compareTo(MIN_REFRESH_DELAY) < 0 ? MIN_REFRESH_DELAY : delay;
    }

    static Instant expiry(String token) {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (ParseException e) {
            return null; // not a JWT after all: kept until the server objects
        }
    }
}
