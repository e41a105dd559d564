package dev.tandem.adapter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.validation.ObservedEvent;
import dev.tandem.validation.Side;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one side delivered, as NDJSON: one observation per line, written by {@code tandem record} and read by
 * {@code tandem validate}.
 * <pre>
 * {"side":"legacy","observed_at":"2026-11-22T10:00:00.123456Z","message":{...the legacy event message...}}
 * {"side":"realtime","observed_at":"...","row":{"event_id":"...","seq":"1",...}}     (a tap row: column to text)
 * {"side":"realtime","observed_at":"...","record":{"event_id":"...","seq":1,...}}    (a Realtime payload's record)
 * </pre>
 * {@code observed_at} is when the observer received it. A {@code row} holds PostgreSQL's text for each column, as
 * the replication tap decodes it; a {@code record} holds JSON values, as Supabase Realtime delivers a row
 * (postgres_changes {@code new}/{@code record}, or a broadcast payload's {@code record}).
 */
public final class ObservationFile {
    public static final String LEGACY_FILE = "legacy.ndjson";
    public static final String REALTIME_FILE = "realtime.ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How PostgreSQL prints a timestamptz, which {@link CanonicalMapping#fromRow} reads. */
    private static final DateTimeFormatter PG_TIMESTAMPTZ =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ObservationFile() {
    }

    /** One observation read back, as the canonical event (its {@code observedAtMicros} is the line's). */
    public record Observation(Side side, ObservedEvent event, long line) {
    }

    /** Appends observations of one side to a new file, a line each; thread-safe. */
    public static final class Writer implements Closeable {
        private final BufferedWriter out;
        private final Side side;
        private long lines;

        public Writer(Path file, Side side) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.side = side;
        }

        /** A legacy {@code event} message as received. */
        public void legacy(JsonNode message, long observedAtMicros) throws IOException {
            write(line(Side.LEGACY, observedAtMicros).set("message", message));
        }

        /** A {@code monitoring_events} row as the replication tap decoded it. */
        public void realtimeRow(Map<String, String> row, long observedAtMicros) throws IOException {
            ObjectNode o = line(Side.REALTIME, observedAtMicros);
            ObjectNode r = o.putObject("row");
            row.forEach(r::put);
            write(o);
        }

        private ObjectNode line(Side expected, long observedAtMicros) {
            if (side != expected) {
                throw new IllegalStateException("this file holds " + name(side) + " observations");
            }
            return JSON.createObjectNode().put("side", name(side)).put("observed_at", instant(observedAtMicros).toString());
        }

        private synchronized void write(ObjectNode line) throws IOException {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            lines++;
        }

        public synchronized long lines() {
            return lines;
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /**
     * Every observation in {@code file}, which must hold {@code side}'s only.
     *
     * @throws IllegalArgumentException naming the file and line of the first one that cannot be read
     */
    public static List<Observation> read(Path file, Side side, CanonicalMapping mapping) throws IOException {
        List<Observation> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long n = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                n++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    out.add(new Observation(side, parse(text, side, mapping), n));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static ObservedEvent parse(String text, Side side, CanonicalMapping mapping) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (line == null || !line.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String said = line.path("side").asText("");
        if (!said.equals(name(side))) {
            throw new IllegalArgumentException("side is '" + said + "', but this file was given as the " + name(side)
                    + " one");
        }
        long observedAt = micros(Instant.parse(line.path("observed_at").asText("")));
        ObservedEvent event;
        if (side == Side.LEGACY) {
            event = mapping.fromLegacyMessage(object(line, "message"), observedAt);
        } else if (line.has("row")) {
            event = mapping.fromRow(texts(object(line, "row"), false), observedAt);
        } else {
            event = mapping.fromRow(texts(object(line, "record"), true), observedAt);
        }
        if (event.eventId().isEmpty()) {
            throw new IllegalArgumentException("the event has no event_id");
        }
        return event;
    }

    private static JsonNode object(JsonNode line, String field) {
        JsonNode n = line.get(field);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("no '" + field + "' object");
        }
        return n;
    }

    /** Column to text, as PostgreSQL prints it; a record's JSON values turned into that text. */
    private static Map<String, String> texts(JsonNode row, boolean fromJson) {
        Map<String, String> out = new HashMap<>();
        row.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                out.put(e.getKey(), null);
            } else if (v.isContainerNode()) {
                out.put(e.getKey(), v.toString());
            } else if (fromJson && v.isTextual() && e.getKey().endsWith("_at")) {
                out.put(e.getKey(), pgTimestamp(v.textValue()));
            } else {
                out.put(e.getKey(), v.asText());
            }
        });
        return out;
    }

    /** An ISO-8601 timestamp as PostgreSQL prints it; anything else unchanged (it may be in that form already). */
    private static String pgTimestamp(String iso) {
        try {
            return PG_TIMESTAMPTZ.format(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String name(Side side) {
        return side.name().toLowerCase(Locale.ROOT);
    }

    /** Microseconds since the epoch, the unit observations are timed in. */
    public static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
