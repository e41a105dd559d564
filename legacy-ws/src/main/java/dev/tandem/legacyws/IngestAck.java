package dev.tandem.legacyws;

/** What an accepted ingest was given: its id and per-instance seq, echoed in the {@code ack}. */
public record IngestAck(String eventId, long seq) {
}
