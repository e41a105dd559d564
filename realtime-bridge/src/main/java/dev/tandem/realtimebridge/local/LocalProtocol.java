package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the endpoint does with each client message: heartbeats, joins with postgres_changes, leaves, token
 * refreshes and broadcasts, answered with the real server's replies, {@code system} texts and limits.
 */
final class LocalProtocol {
    private static final Logger log = LoggerFactory.getLogger(LocalProtocol.class);
    static final String TOPIC_PREFIX = "realtime:";
    static final String SUBSCRIBED = "Subscribed to PostgreSQL";
    static final String TOO_MANY_MESSAGES = "Too many messages per second";
    static final String TOO_MANY_CHANNELS = "ChannelRateLimitReached: Too many channels";
    static final String TOO_MANY_JOINS = "ClientJoinRateLimitReached: Too many joins per second";
    static final String TOPIC_REQUIRED = "TopicNameRequired: You must provide a topic name";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LocalRealtimeConfig config;
    private final ApiKeyVerifier verifier;
    private final Catalog catalog;
    private final Subscribers subscribers;

    LocalProtocol(LocalRealtimeConfig config, ApiKeyVerifier verifier, Catalog catalog, Subscribers subscribers) {
        this.config = config;
        this.verifier = verifier;
        this.catalog = catalog;
        this.subscribers = subscribers;
    }

    void handle(ClientSocket s, Frame f) {
        if (f.topic().equals("phoenix")) {
            if (f.event().equals("heartbeat")) {
                s.send(reply(f, "ok", NODES.objectNode()));
            }
            return;
        }
        switch (f.event()) {
            case "phx_join" -> join(s, f);
            case "phx_leave" -> leave(s, f);
            case "access_token" -> accessToken(s, f);
            case "broadcast" -> broadcast(s, f);
            default -> {
                Channel c = s.channels.get(f.topic());
                if (c == null) {
                    s.send(reply(f, "error", NODES.objectNode().put("reason", "unmatched topic")));
                } else if (f.ref() != null) {
                    s.send(reply(f, "ok", NODES.objectNode())); // presence and others: accepted, not served
                }
            }
        }
    }

    private void join(ClientSocket s, Frame f) {
        if (!f.topic().startsWith(TOPIC_PREFIX) || f.topic().length() == TOPIC_PREFIX.length()) {
            s.send(reply(f, "error", NODES.objectNode().put("reason", TOPIC_REQUIRED)));
            return;
        }
        if (subscribers.joins.wouldExceed(config.maxJoinsPerSecond())) {
            s.send(reply(f, "error", NODES.objectNode().put("reason", TOO_MANY_JOINS)));
            s.conn.close(); // the real server also tells the socket to disconnect
            return;
        }
        subscribers.joins.add(1);
        Channel previous = s.channels.remove(f.topic());
        if (previous != null) {
            subscribers.remove(previous); // a second join on a topic replaces the first, as in Phoenix
        }
        if (s.channels.size() >= config.maxChannelsPerClient()) {
            s.send(reply(f, "error", NODES.objectNode().put("reason", TOO_MANY_CHANNELS)));
            return;
        }
        JsonNode payload = f.payload();
        String role = s.role;
        String token = text(payload, "access_token", text(payload, "user_token", null));
        if (token != null && !token.startsWith("sb_")) {
            try {
                role = verifier.role(token);
            } catch (ApiKeyVerifier.Refused e) {
                s.send(reply(f, "error", NODES.objectNode().put("reason", "InvalidJWTToken: " + e.getMessage())));
                return;
            }
        }
        JsonNode cfg = payload.path("config");
        List<Binding> bindings = new ArrayList<>();
        String invalid = null;
        for (JsonNode pc : cfg.path("postgres_changes")) {
            String event = text(pc, "event", "*");
            String schema = text(pc, "schema", "public");
            String table = text(pc, "table", "*");
            String filterText = text(pc, "filter", null);
            ChangeFilter filter = null;
            if (filterText != null) {
                try {
                    filter = ChangeFilter.parse(filterText);
                } catch (IllegalArgumentException e) {
                    invalid = e.getMessage();
                }
            }
            ObjectNode echo = pc.isObject() ? ((ObjectNode) pc).deepCopy() : NODES.objectNode();
            int id = Binding.stableId(event, schema, table, filterText);
            echo.put("id", id);
            bindings.add(new Binding(id, event.toUpperCase(java.util.Locale.ROOT), schema, table, filterText, filter, echo));
        }
        Channel c = new Channel(s, f.topic(), f.joinRef(), bindings,
                cfg.path("broadcast").path("self").asBoolean(false), cfg.path("broadcast").path("ack").asBoolean(false),
                role);
        // Registered before the reply: unlike the real server, the subscription is live once SUBSCRIBED fires.
        s.channels.put(f.topic(), c);
        subscribers.add(c);
        ObjectNode response = NODES.objectNode();
        response.putArray("postgres_changes").addAll(bindings.stream().map(b -> (JsonNode) b.echo()).toList());
        s.send(reply(f, "ok", response));
        if (!bindings.isEmpty()) {
            s.send(system(c, "postgres_changes", invalid == null ? subscriptionStatus(bindings) : invalidParams(bindings, invalid)));
        }
    }

    /** Null when every binding's table is published ("Subscribed to PostgreSQL"), else the real error text. */
    private String subscriptionStatus(List<Binding> bindings) {
        for (Binding b : bindings) {
            try {
                if (!published(b)) {
                    return "Unable to subscribe to changes with given parameters. Please check Realtime is enabled"
                            + " for the given connect parameters: [" + b.describe() + "]";
                }
            } catch (SQLException e) {
                return "Unable to subscribe to changes with given parameters. An exception happened so please check"
                        + " your connect parameters: [" + b.describe() + "]. Exception: " + e.getMessage();
            }
        }
        return null;
    }

    private boolean published(Binding b) throws SQLException {
        return b.table().equals("*") ? catalog.schemaPublished(b.schema()) : catalog.published(b.schema(), b.table());
    }

    private static String invalidParams(List<Binding> bindings, String why) {
        return "Unable to subscribe to changes with given parameters. An exception happened so please check your"
                + " connect parameters: [" + bindings.get(0).describe() + "]. Exception: " + why;
    }

    private void leave(ClientSocket s, Frame f) {
        Channel c = s.channels.remove(f.topic());
        if (c != null) {
            subscribers.remove(c);
        }
        s.send(reply(f, "ok", NODES.objectNode()));
        s.send(new Frame(f.joinRef(), f.joinRef(), f.topic(), "phx_close", NODES.objectNode()));
    }

    private void accessToken(ClientSocket s, Frame f) {
        Channel c = s.channels.get(f.topic());
        String token = text(f.payload(), "access_token", null);
        if (c == null || token == null || token.startsWith("sb_")) {
            return; // sb_ keys are ignored by the real server too
        }
        try {
            c.role(verifier.role(token)); // no reply on success
        } catch (ApiKeyVerifier.Refused e) {
            close(c, "system", e.getMessage());
        }
    }

    private void broadcast(ClientSocket s, Frame f) {
        Channel from = s.channels.get(f.topic());
        if (from == null) {
            s.send(reply(f, "error", NODES.objectNode().put("reason", "unmatched topic")));
            return;
        }
        Frame out = Frame.push(f.topic(), "broadcast", f.payload());
        for (Channel c : subscribers.snapshot()) {
            if (c.topic.equals(f.topic()) && (c != from || from.broadcastSelf) && !c.closed()) {
                deliver(c, c.socket.serializer.encodeText(out).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (from.broadcastAck && f.ref() != null) {
            s.send(reply(f, "ok", NODES.objectNode()));
        }
    }

    /** Sends a message to a channel, counting it against the tenant's rate; over the rate the channel closes. */
    boolean deliver(Channel c, byte[] utf8) {
        if (subscribers.events.wouldExceed(config.maxEventsPerSecond())) {
            subscribers.dropped.increment();
            close(c, "system", TOO_MANY_MESSAGES);
            return false;
        }
        subscribers.events.add(1);
        subscribers.delivered.increment();
        c.socket.sendUtf8(utf8);
        return true;
    }

    /** A channel-level system error, then phx_close: the real server's way of shutting a channel. */
    void close(Channel c, String extension, String message) {
        if (c.socket.channels.remove(c.topic, c)) {
            subscribers.remove(c);
            ObjectNode p = NODES.objectNode().put("message", message).put("status", "error")
                    .put("extension", extension).put("channel", c.name());
            c.socket.send(new Frame(c.joinRef, null, c.topic, "system", p));
            c.socket.send(new Frame(c.joinRef, c.joinRef, c.topic, "phx_close", NODES.objectNode()));
            log.info("local realtime: closed channel {}: {}", c.topic, message);
        }
    }

    private static Frame system(Channel c, String extension, String error) {
        ObjectNode p = NODES.objectNode().put("message", error == null ? SUBSCRIBED : error)
                .put("status", error == null ? "ok" : "error").put("extension", extension).put("channel", c.name());
        return new Frame(c.joinRef, null, c.topic, "system", p);
    }

    private static Frame reply(Frame to, String status, JsonNode response) {
        ObjectNode p = NODES.objectNode().put("status", status);
        p.set("response", response);
        return new Frame(to.joinRef(), to.ref(), to.topic(), "phx_reply", p);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isTextual() ? fallback : v.asText();
    }
}
