package dev.tandem.realtimebridge.tap;

import java.time.Instant;
import java.util.List;

/**
 * The published changes of one committed transaction, in the order they were made.
 *
 * @param commitLsn LSN of the commit record, as Postgres prints it (e.g. {@code 0/16B3748})
 * @param endLsn end of the transaction's WAL: what the tap acknowledges once the listener is done
 */
public record TapTransaction(long xid, String commitLsn, String endLsn, Instant commitTime, List<TapChange> changes) {
    public TapTransaction {
        changes = List.copyOf(changes);
    }
}
