package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One channel to join: {@code realtime:<name>} with either {@code postgres_changes} bindings or broadcast only.
 * Built through {@link #postgresChanges} or {@link #broadcast}; validated there.
 *
 * @param privateChannel joins with {@code private: true} (RLS on realtime.messages decides what is delivered);
 *     Tandem's broadcast topic is private
 */
public record ChannelSpec(String name, List<PostgresChange> changes, boolean privateChannel) {
    /** Realtime takes any non-empty sub-topic; this keeps names safe to log and put in URLs. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");
    static final Set<String> EVENTS = Set.of("*", "INSERT", "UPDATE", "DELETE");

    /**
     * One {@code postgres_changes} binding.
     *
     * @param event INSERT, UPDATE, DELETE or *
     * @param filter a PostgREST-style filter such as {@code source=eq.x}, or null
     */
    public record PostgresChange(String event, String schema, String table, String filter) {
        public PostgresChange {
            if (event == null || !EVENTS.contains(event)) {
                throw new IllegalArgumentException("postgres_changes event must be one of " + EVENTS + ", got: " + event);
            }
            if (schema == null || schema.isBlank() || table == null || table.isBlank()) {
                throw new IllegalArgumentException("postgres_changes needs a schema and a table, got: " + schema + "." + table);
            }
        }

        /** The wire form, also what the join reply echoes back with an id. */
        ObjectNode toJson() {
            ObjectNode o = Serializer.JSON.createObjectNode().put("event", event).put("schema", schema).put("table", table);
            if (filter != null) {
                o.put("filter", filter);
            }
            return o;
        }
    }

    public ChannelSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("channel name must be 1 to 255 characters of A-Z a-z 0-9 _ . : -, got: " + name);
        }
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    }

    public static ChannelSpec postgresChanges(String name, PostgresChange... changes) {
        if (changes.length == 0) {
            throw new IllegalArgumentException("a postgres_changes channel needs at least one binding");
        }
        return new ChannelSpec(name, List.of(changes), false);
    }

    public static ChannelSpec broadcast(String name, boolean privateChannel) {
        return new ChannelSpec(name, List.of(), privateChannel);
    }

    public String topic() {
        return "realtime:" + name;
    }

    /**
     * Ready means the server said "Subscribed to PostgreSQL" for a postgres_changes channel (the join reply comes
     * before the subscription exists, realtime-js#525); a broadcast channel is ready at its join reply.
     */
    boolean waitsForPostgres() {
        return !changes.isEmpty();
    }

    /** The {@code phx_join} payload without its access token, with realtime-js's defaults for the rest. */
    ObjectNode joinPayload() {
        ObjectNode payload = Serializer.JSON.createObjectNode();
        ObjectNode config = payload.putObject("config");
        config.putObject("broadcast").put("ack", false).put("self", false);
        config.putObject("presence").put("enabled", false).put("key", "");
        ArrayNode pc = config.putArray("postgres_changes");
        changes.forEach(c -> pc.add(c.toJson()));
        config.put("private", privateChannel);
        return payload;
    }
}
