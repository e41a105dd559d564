package dev.tandem.realtimebridge.tap;

/**
 * Receives each committed transaction, one at a time on the tap's thread, in commit order. The tap acknowledges
 * the transaction only after this returns (or throws), so a transaction being handled when the process dies
 * is delivered again: handling must be idempotent (dedup on event_id).
 *
 * <p>A thrown exception is logged and counted, and the tap moves on: retrying is the listener's business.
 * Keep each call well under the server's {@code wal_sender_timeout} (60 s by default); the tap cannot answer
 * keep-alives while the listener runs, and the server drops a silent connection (the tap then reconnects and
 * the transaction is delivered again).
 */
@FunctionalInterface
public interface TapListener {
    void onTransaction(TapTransaction tx) throws Exception;
}
