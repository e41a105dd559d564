package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.realtimebridge.tap.TapChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel side of the protocol: joins, join replies, {@code system} messages, {@code phx_close}/{@code
 * phx_error}, and dispatch of changes and broadcasts. Every method runs under the client's lock and appends the
 * events to report to {@code out}, which the caller delivers after releasing the lock.
 */
final class ChannelHandler {
    private static final Logger log = LoggerFactory.getLogger(ChannelHandler.class);

    private final RealtimeClient client;

    ChannelHandler(RealtimeClient client) {
        this.client = client;
    }

    /** Sends phx_join with the stored join payload and the current token, and arms the join timeout. */
    void join(Channel c) {
        c.cancelTimer();
        c.joinRef = client.nextRef();
        c.state = Channel.State.JOINING;
        if (c.joins++ > 0) {
            client.rejoins.incrementAndGet();
        }
        JsonNode payload = c.spec.joinPayload().put("access_token", client.tokens.current());
        client.send(new Message(c.joinRef, c.joinRef, c.topic(), "phx_join", payload));
        String joinRef = c.joinRef;
        c.timer = client.schedule(() -> joinTimedOut(c, joinRef), client.config.joinTimeout());
    }

    void handle(Message m, long receivedAtMicros, List<RealtimeEvent> out) {
        Channel c = client.channels.get(m.topic());
        if (c == null) {
            log.debug("realtime message for unknown topic {}: {}", m.topic(), m.event());
            return;
        }
        switch (m.event()) {
            case "phx_reply" -> {
                if (c.state == Channel.State.JOINING && Objects.equals(m.ref(), c.joinRef)) {
                    joinReply(c, m.payload(), out);
                }
            }
            case "system" -> system(c, m.payload(), out);
            case "postgres_changes" -> change(c, m.payload(), receivedAtMicros, out);
            case "broadcast" -> broadcast(c, m.payload(), receivedAtMicros, out);
            case "phx_close" -> closed(c, out);
            case "phx_error" -> {
                if (c.state != Channel.State.STOPPED && c.state != Channel.State.WAITING) {
                    Duration d = recover(c, Recovery.BACK_OFF, "the channel crashed on the server (phx_error)");
                    out.add(new RealtimeEvent.ChannelClosed(c.topic(), "phx_error", d));
                }
            }
            default -> log.debug("realtime {} on {} ignored", m.event(), m.topic()); // presence_*, replies to pushes
        }
    }

    private void joinReply(Channel c, JsonNode payload, List<RealtimeEvent> out) {
        c.cancelTimer();
        JsonNode response = payload.path("response");
        if (!"ok".equals(payload.path("status").asText())) {
            String reason = response.path("reason").asText(response.toString());
            Recovery r = RecoveryTable.forJoinError(reason);
            Duration d = recover(c, r, "join refused: " + reason);
            out.add(new RealtimeEvent.JoinFailed(c.topic(), reason, r, d));
            return;
        }
        List<Long> ids = new ArrayList<>();
        JsonNode bound = response.path("postgres_changes");
        boolean matches = bound.size() == c.spec.changes().size();
        for (int i = 0; matches && i < bound.size(); i++) {
            JsonNode b = bound.get(i);
            ChannelSpec.PostgresChange want = c.spec.changes().get(i);
            // Positional, as realtime-js matches them; the server echoes each binding with its id.
            matches = want.event().equals(b.path("event").asText()) && want.schema().equals(b.path("schema").asText())
                    && want.table().equals(b.path("table").asText())
                    && Objects.equals(want.filter(), b.hasNonNull("filter") ? b.get("filter").asText() : null);
            ids.add(b.path("id").asLong());
        }
        if (!matches) {
            String reason = "mismatch between server and client bindings for postgres changes: server bound " + bound;
            client.send(new Message(c.joinRef, client.nextRef(), c.topic(), "phx_leave", Serializer.JSON.createObjectNode()));
            Duration d = recover(c, Recovery.BACK_OFF, reason);
            out.add(new RealtimeEvent.JoinFailed(c.topic(), reason, Recovery.BACK_OFF, d));
            return;
        }
        c.ids = List.copyOf(ids);
        c.state = Channel.State.JOINED;
        if (!c.spec.waitsForPostgres()) {
            ready(c, out);
        }
    }

    private void system(Channel c, JsonNode p, List<RealtimeEvent> out) {
        String message = p.path("message").asText("");
        String status = p.path("status").asText("");
        String extension = p.path("extension").asText("");
        if (extension.equals("postgres_changes") && status.equals("ok")
                && message.contains(RecoveryTable.SUBSCRIBED_TO_POSTGRES)) {
            if (c.state == Channel.State.JOINED) {
                ready(c, out);
            }
            return;
        }
        if (!extension.equals("postgres_changes")) {
            c.lastSystemError = message; // channel-level: a phx_close follows, and this is its reason
        }
        if (status.equals("error")) {
            client.lastError = c.topic() + ": " + message;
        }
        log.warn("realtime system message on {}: {} {} {}", c.topic(), extension, status, message);
        out.add(new RealtimeEvent.SystemError(c.topic(), status, extension, message));
    }

    private void ready(Channel c, List<RealtimeEvent> out) {
        c.state = Channel.State.READY;
        c.attempts = 0;
        c.lastSystemError = null;
        client.lock.notifyAll();
        log.info("realtime channel {} ready", c.topic());
        out.add(new RealtimeEvent.Ready(c.topic()));
    }

    private void change(Channel c, JsonNode p, long receivedAtMicros, List<RealtimeEvent> out) {
        List<Long> ids = new ArrayList<>();
        p.path("ids").forEach(id -> ids.add(id.asLong()));
        if (ids.stream().noneMatch(c.ids::contains)) {
            // The docs: ids must match the join reply's; a mismatch means the two sides disagree.
            if (client.unmatched.incrementAndGet() % 1_000 == 1) {
                log.warn("realtime change on {} for subscription ids {} this channel did not bind ({}): not delivered",
                        c.topic(), ids, c.ids);
            }
            return;
        }
        JsonNode data = p.path("data");
        TapChange change;
        try {
            change = ChangeDecoder.postgresChange(data);
        } catch (ProtocolException e) {
            client.badFrames.incrementAndGet();
            client.lastError = c.topic() + ": " + e.getMessage();
            return;
        }
        List<String> errors = new ArrayList<>();
        data.path("errors").forEach(e -> errors.add(e.asText()));
        client.changes.incrementAndGet();
        out.add(new RealtimeEvent.ChangeReceived(c.topic(), change, data.path("commit_timestamp").asText(null),
                List.copyOf(ids), List.copyOf(errors), receivedAtMicros));
    }

    private void broadcast(Channel c, JsonNode p, long receivedAtMicros, List<RealtimeEvent> out) {
        JsonNode inner = p.get("payload");
        TapChange change = null;
        try {
            change = ChangeDecoder.broadcastChange(inner);
        } catch (ProtocolException e) {
            client.badFrames.incrementAndGet();
            client.lastError = c.topic() + ": broadcast " + e.getMessage();
        }
        String id = p.path("meta").path("id").asText(null);
        if (id == null && inner != null && inner.path("id").isTextual()) {
            id = inner.get("id").asText(); // realtime.send adds the message id to the payload too
        }
        client.broadcasts.incrementAndGet();
        out.add(new RealtimeEvent.BroadcastReceived(c.topic(), p.path("event").asText(null), inner, id, change,
                receivedAtMicros));
    }

    private void closed(Channel c, List<RealtimeEvent> out) {
        if (c.state == Channel.State.STOPPED || c.state == Channel.State.WAITING) {
            return;
        }
        String why = c.lastSystemError;
        Recovery r = RecoveryTable.forSystemError(why);
        Duration d = recover(c, r, why == null ? "closed by the server" : why);
        out.add(new RealtimeEvent.ChannelClosed(c.topic(), why == null ? "closed by the server" : why, d));
    }

    private void joinTimedOut(Channel c, String joinRef) {
        List<RealtimeEvent> out = new ArrayList<>();
        synchronized (client.lock) {
            if (client.isClosed() || c.state != Channel.State.JOINING || !joinRef.equals(c.joinRef)) {
                return;
            }
            String reason = "no join reply within " + client.config.joinTimeout();
            Duration d = recover(c, Recovery.BACK_OFF, reason);
            out.add(new RealtimeEvent.JoinFailed(c.topic(), reason, Recovery.BACK_OFF, d));
        }
        client.emit(out);
    }

    /** Applies a recovery: schedules the rejoin and returns its delay, or stops the channel and returns null. */
    private Duration recover(Channel c, Recovery r, String reason) {
        c.cancelTimer();
        client.lastError = c.topic() + ": " + reason;
        if (r == Recovery.STOP) {
            c.state = Channel.State.STOPPED;
            c.stopReason = reason;
            client.lock.notifyAll();
            log.error("realtime channel {} stopped, it will not be rejoined: {}", c.topic(), reason);
            return null;
        }
        Duration delay = r == Recovery.BACK_OFF ? client.config.backoff(c.attempts++) : client.config.backoff(0);
        c.state = Channel.State.WAITING;
        log.warn("realtime channel {}: {}; rejoining in {} ms ({})", c.topic(), reason, delay.toMillis(), r);
        c.timer = client.schedule(() -> rejoin(c, r == Recovery.REFRESH_TOKEN), delay);
        return delay;
    }

    private void rejoin(Channel c, boolean refreshFirst) {
        if (refreshFirst) {
            client.renewToken("the server said the token expired");
        }
        synchronized (client.lock) {
            if (client.isClosed() || c.state != Channel.State.WAITING) {
                return;
            }
            if (client.isOpen()) {
                join(c);
            } else {
                c.state = Channel.State.CLOSED; // joined when the socket opens
            }
        }
    }
}
