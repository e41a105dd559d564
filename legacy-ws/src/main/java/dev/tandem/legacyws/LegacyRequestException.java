package dev.tandem.legacyws;

import java.util.Set;

/**
 * A refusal an SPI ({@link ProducerIngest}, {@link ExportSource}) completes with, answered to the client as
 * {@code {"type":"error","code":code,"message":message}}. The code must be one the protocol defines, so a
 * dashboard never sees a code it cannot know.
 */
public final class LegacyRequestException extends RuntimeException {
    /** The protocol's error codes (shared/spec/legacy-protocol.md). */
    public static final Set<String> CODES =
            Set.of("bad_json", "unknown_type", "bad_field", "rate_limited", "unauthorized", "too_large", "gap");

    private final String code;

    public LegacyRequestException(String code, String message) {
        super(message, null, false, false);
        if (!CODES.contains(code)) {
            throw new IllegalArgumentException("code must be one of " + CODES + ", got " + code);
        }
        this.code = code;
    }

    public String code() {
        return code;
    }
}
