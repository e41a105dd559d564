package dev.tandem.realtimebridge.writer;

/**
 * A snapshot of an {@link EventWriter}'s counters.
 *
 * @param rowsWritten rows in committed batches (including rows the database skipped as duplicates)
 * @param batchesWritten committed transactions
 * @param retries failed batch attempts that were retried
 * @param queuedRows room currently taken: reserved by open tickets, queued, or in the batch being written
 * @param lastError the most recent write failure, or null if there has been none
 */
public record WriterStats(long rowsWritten, long batchesWritten, long retries, int queuedRows, String lastError) {
}
