package dev.tandem.realtimebridge.supabase;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One channel's join state; guarded by the client's lock. */
final class Channel {
    enum State {
        /** Not joined; joins when the socket opens. */
        CLOSED,
        /** phx_join sent, waiting for its reply. */
        JOINING,
        /** Join reply ok; a postgres_changes channel waits for "Subscribed to PostgreSQL". */
        JOINED,
        /** Live. */
        READY,
        /** A rejoin is scheduled. */
        WAITING,
        /** Will not rejoin; {@link #stopReason} says why. */
        STOPPED
    }

    final ChannelSpec spec;
    State state = State.CLOSED;
    String joinRef;
    /** The server's subscription ids from the join reply, one per binding. */
    List<Long> ids = List.of();
    /** Consecutive failed joins: the index into the backoff schedule. */
    int attempts;
    long joins;
    /** The last system error seen on this channel: the reason of the phx_close that follows it. */
    String lastSystemError;
    String stopReason;
    /** The pending join timeout or rejoin. */
    ScheduledFuture<?> timer;

    Channel(ChannelSpec spec) {
        this.spec = spec;
    }

    String topic() {
        return spec.topic();
    }

    boolean joined() {
        return state == State.JOINED || state == State.READY;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
