package dev.tandem.legacyws;

/** What a token lets its holder do. Every authenticated client may watch; only producers may {@code ingest}. */
public enum Role {
    VIEWER,
    PRODUCER
}
