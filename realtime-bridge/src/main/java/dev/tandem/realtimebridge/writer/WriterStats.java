package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.outage.OutageBuffer;

/**
 * A snapshot of an {@link EventWriter}'s counters.
 *
 * @param rowsWritten rows committed to Postgres directly (including rows the database skipped as duplicates)
 * @param batchesWritten committed transactions, direct and replayed
 * @param retries failed attempts (direct writes and replays) that were or will be retried
 * @param queuedRows room currently taken: reserved by open tickets, queued, or in the batch being written
 * @param lastError the most recent write failure, or null if there has been none
 * @param breaker the circuit breaker's state: CLOSED (writing to Postgres), OPEN (Postgres failing, batches go to
 *                the outage buffer), HALF_OPEN (a probe is under way)
 * @param breakerOpens how many times the breaker has opened
 * @param rowsSpilled rows made durable in the outage buffer
 * @param rowsReplayed rows replayed from the outage buffer and committed
 * @param rowsRefused rows refused because the outage buffer had no room for them (policy refuse_new)
 * @param outage the outage buffer's depth and bound, or null when the writer has none
 * @param batchesCopied transactions (direct and replayed) committed by COPY, the fast path
 * @param copyFallbacks batches COPY refused, mostly for holding an event_id already in the table (a replay, a
 *                      retry, a producer resending), then written by {@code INSERT ... ON CONFLICT DO NOTHING}
 */
public record WriterStats(long rowsWritten, long batchesWritten, long retries, int queuedRows, String lastError,
                          CircuitBreaker.State breaker, long breakerOpens, long rowsSpilled, long rowsReplayed,
                          long rowsRefused, OutageBuffer.Stats outage, long batchesCopied, long copyFallbacks) {
}
