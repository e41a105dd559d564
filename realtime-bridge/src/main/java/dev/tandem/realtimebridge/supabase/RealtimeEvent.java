package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.realtimebridge.tap.TapChange;
import java.time.Duration;
import java.util.List;

/** What the client reports: data (changes, broadcasts) and everything that affects what was delivered. */
public sealed interface RealtimeEvent {
    /** The channel topic ({@code realtime:<name>}), or null for socket-wide events. */
    String topic();

    /** The row change this event carries (a postgres_changes delivery, a row broadcast), else null. */
    default TapChange change() {
        return null;
    }

    /** When the frame carrying a row was read off the socket (epoch microseconds); 0 for other events. */
    default long receivedAtMicros() {
        return 0;
    }

    /** The channel is live: its Postgres subscription exists (or, broadcast only, the join succeeded). */
    record Ready(String topic) implements RealtimeEvent {
    }

    /**
     * A {@code postgres_changes} delivery decoded to the replication tap's shape.
     *
     * @param ids the subscription ids the server addressed it to (all known to this channel's join reply)
     * @param errors the server's errors for this change, such as "Error 413: Payload Too Large" (empty if none)
     * @param receivedAtMicros when the frame was read off the socket (epoch microseconds), for lag
     */
    record ChangeReceived(String topic, TapChange change, String commitTimestamp, List<Long> ids, List<String> errors,
                          long receivedAtMicros) implements RealtimeEvent {
    }

    /**
     * A broadcast. {@code change} is set when the payload is a row change in the shape
     * {@code realtime.broadcast_changes} builds ({@code schema, table, operation, record, old_record}).
     *
     * @param payload the user payload (a binary node for a binary broadcast)
     * @param messageId {@code meta.id} when the server sent one, else null
     */
    record BroadcastReceived(String topic, String event, JsonNode payload, String messageId, TapChange change,
                             long receivedAtMicros) implements RealtimeEvent {
    }

    /**
     * A {@code system} message other than "Subscribed to PostgreSQL". Channel-level errors are followed by
     * {@code phx_close}; postgres_changes ones are not.
     */
    record SystemError(String topic, String status, String extension, String message) implements RealtimeEvent {
    }

    /**
     * The server closed the channel. {@code rejoinIn} is when the client joins again (null: it does not, and
     * {@code reason} says why).
     */
    record ChannelClosed(String topic, String reason, Duration rejoinIn) implements RealtimeEvent {
    }

    /** The join was refused; {@code recovery} is what the client does about it (per Realtime's error table). */
    record JoinFailed(String topic, String reason, Recovery recovery, Duration retryIn)
            implements RealtimeEvent {
    }

    /** The socket is gone (closed, failed, or silent past a heartbeat); the client reconnects after {@code retryIn}. */
    record Disconnected(String topic, String reason, Duration retryIn) implements RealtimeEvent {
    }

    /** The token supplier gave a new token; it was pushed to every joined channel with {@code access_token}. */
    record TokenRefreshed(String topic, String why) implements RealtimeEvent {
    }
}
