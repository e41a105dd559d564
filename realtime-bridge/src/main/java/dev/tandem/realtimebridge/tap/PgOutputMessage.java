package dev.tandem.realtimebridge.tap;

import java.time.Instant;
import java.util.List;

/** What {@link PgOutputDecoder} makes of one pgoutput message; LSNs are raw 64-bit positions. */
public sealed interface PgOutputMessage {
    /** Start of a transaction; {@code finalLsn} is the LSN of its commit record. */
    record Begin(long finalLsn, Instant commitTime, long xid) implements PgOutputMessage {
    }

    /** End of a transaction; {@code endLsn} is where its WAL ends, the position to acknowledge. */
    record Commit(long commitLsn, long endLsn, Instant commitTime) implements PgOutputMessage {
    }

    /** Row changes: one for Insert, Update, Delete; one per truncated table for Truncate. */
    record Changes(List<TapChange> changes) implements PgOutputMessage {
    }

    /** A message that carries no row change (Relation, Type, Origin, logical decoding Message). */
    record Other(char type) implements PgOutputMessage {
    }
}
