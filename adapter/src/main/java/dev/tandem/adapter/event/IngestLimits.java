package dev.tandem.adapter.event;

/**
 * Bounds on what one ingest request may carry. Each has a named default; requests past any bound are
 * refused whole with a message naming the field and the bound.
 */
public record IngestLimits(int maxBodyBytes, int maxEventsPerRequest, int maxNameChars, int maxErrorChars,
                           int maxMetadataBytes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_EVENTS_PER_REQUEST = 5_000;
    /** For connection_type, type, script_name and function_name. */
    public static final int DEFAULT_MAX_NAME_CHARS = 256;
    public static final int DEFAULT_MAX_ERROR_CHARS = 4_096;
    public static final int DEFAULT_MAX_METADATA_BYTES = 16 * 1024;

    public static final IngestLimits DEFAULTS = new IngestLimits(DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_EVENTS_PER_REQUEST, DEFAULT_MAX_NAME_CHARS, DEFAULT_MAX_ERROR_CHARS,
            DEFAULT_MAX_METADATA_BYTES);

    public IngestLimits {
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxEventsPerRequest", maxEventsPerRequest);
        positive("maxNameChars", maxNameChars);
        positive("maxErrorChars", maxErrorChars);
        positive("maxMetadataBytes", maxMetadataBytes);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
