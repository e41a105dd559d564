package dev.tandem.realtimebridge.tap;

import dev.tandem.realtimebridge.tap.PgOutputMessage.Begin;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Changes;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Commit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Collects the changes between a Begin and its Commit into one {@link TapTransaction}. Pure, like the decoder;
 * one per replication session (a session that ends mid-transaction simply loses the partial one, which the
 * server sends again because it was never acknowledged).
 */
public final class TransactionAssembler {
    private Begin open;
    private final List<TapChange> changes = new ArrayList<>();

    /** Feeds one decoded message; returns the transaction it completes, if it is a Commit. */
    public Optional<TapTransaction> accept(PgOutputMessage message) {
        switch (message) {
            case Begin begin -> {
                if (open != null) {
                    throw new PgOutputException("Begin of xid " + begin.xid() + " while xid " + open.xid() + " is open");
                }
                open = begin;
                changes.clear();
            }
            case Changes c -> {
                if (open == null) {
                    throw new PgOutputException("row change outside a transaction: " + c.changes());
                }
                changes.addAll(c.changes());
            }
            case Commit commit -> {
                if (open == null) {
                    throw new PgOutputException("Commit at " + lsn(commit.commitLsn()) + " without a Begin");
                }
                TapTransaction tx = new TapTransaction(open.xid(), lsn(commit.commitLsn()), lsn(commit.endLsn()),
                        commit.commitTime(), changes);
                open = null;
                changes.clear();
                return Optional.of(tx);
            }
            case PgOutputMessage.Other other -> {
                // Relation, Type, Origin, Message: nothing to collect.
            }
        }
        return Optional.empty();
    }

    /** An LSN as Postgres prints it: two hex halves, {@code 16/B374D848}. */
    public static String lsn(long position) {
        return LogSequenceNumber.valueOf(position).asString();
    }
}
