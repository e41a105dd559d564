package dev.tandem.realtimebridge.local;

/**
 * A snapshot of the endpoint's counters.
 *
 * @param delivered postgres_changes and broadcasts sent to channels since start
 * @param dropped messages not sent because the events-per-second limit was exceeded
 * @param closedSilent sockets closed because they sent nothing, not even a heartbeat, for the idle timeout
 */
public record LocalRealtimeStats(int sockets, int channels, long delivered, long dropped, long closedSilent) {
}
