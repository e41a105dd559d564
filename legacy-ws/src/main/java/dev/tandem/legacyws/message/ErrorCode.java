package dev.tandem.legacyws.message;

/** The {@code code} values of the {@code error} message that this slice produces. */
public enum ErrorCode {
    /** The frame was not one JSON object. */
    BAD_JSON("bad_json"),
    /** The {@code type} names no message this server understands. */
    UNKNOWN_TYPE("unknown_type"),
    /** A field is missing or has the wrong kind of value. */
    BAD_FIELD("bad_field");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears in the JSON. */
    public String wire() {
        return wire;
    }
}
