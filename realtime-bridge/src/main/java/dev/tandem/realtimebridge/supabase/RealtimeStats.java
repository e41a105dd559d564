package dev.tandem.realtimebridge.supabase;

/**
 * A snapshot of a {@link RealtimeClient}'s counters.
 *
 * @param messages frames received and decoded (all kinds, heartbeat replies included)
 * @param changes postgres_changes deliveries handed to the listener
 * @param broadcasts broadcasts handed to the listener
 * @param connected whether a socket is open right now
 * @param readyChannels channels that are live now
 * @param reconnects sockets opened after the first
 * @param rejoins joins sent after a channel's first
 * @param heartbeatTimeouts sockets declared dead because a heartbeat went unanswered
 * @param tokenRefreshes tokens taken from the supplier after the first
 * @param unmatched postgres_changes addressed to no subscription id this client knows (not delivered)
 * @param badFrames frames that could not be decoded
 * @param dropped events dropped because the inbound queue was full (policy DROP_NEWEST)
 * @param listenerFailures listener calls that threw
 * @param lastError the most recent failure, or null if there has been none
 */
public record RealtimeStats(long messages, long changes, long broadcasts, boolean connected, int readyChannels,
                            long reconnects, long rejoins, long heartbeatTimeouts, long tokenRefreshes, long unmatched,
                            long badFrames, long dropped, long listenerFailures, String lastError) {
}
