package dev.tandem.realtimebridge.tap;

/**
 * A snapshot of a {@link ReplicationTap}'s counters.
 *
 * @param transactions transactions handed to the listener (empty ones are acknowledged without a call)
 * @param changes row changes handed to the listener
 * @param lastAckedLsn the end LSN most recently acknowledged to the server, or null before the first
 * @param connected whether a replication stream is open right now
 * @param reconnects streams re-established after one was lost
 * @param listenerFailures transactions whose listener call threw
 * @param lastError the most recent failure (connection or listener), or null if there has been none
 */
public record TapStats(long transactions, long changes, String lastAckedLsn, boolean connected, long reconnects,
                       long listenerFailures, String lastError) {
}
