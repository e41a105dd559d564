package dev.tandem.legacyws.message;

/** The {@code code} values of the {@code error} message: exactly the protocol's list. */
public enum ErrorCode {
    /** The frame was not one JSON object. */
    BAD_JSON("bad_json"),
    /** The {@code type} names no message this server understands. */
    UNKNOWN_TYPE("unknown_type"),
    /** A field is missing or has the wrong kind of value. */
    BAD_FIELD("bad_field"),
    /** The client's token bucket is empty, or too many requests are in flight; the message was not processed. */
    RATE_LIMITED("rate_limited"),
    /** The client's token lacks the role the message needs. */
    UNAUTHORIZED("unauthorized"),
    /** The answer would pass a configured bound, which the message names. */
    TOO_LARGE("too_large"),
    /** A resume asked for events no longer buffered; {@code first_seq} says where replay starts. */
    GAP("gap");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code with this wire name; an unknown name is a bug in the caller. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no error code " + wire);
    }

    /** The code as it appears in the JSON. */
    public String wire() {
        return wire;
    }
}
