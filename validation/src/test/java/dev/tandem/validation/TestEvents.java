package dev.tandem.validation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Canonical events as the adapter's mapping makes them, and a clock the test moves. */
final class TestEvents {
    static final String SOURCE = "inst-1";
    /** 2026-11-22T10:00:00Z in microseconds. */
    static final long T0 = Instant.parse("2026-11-22T10:00:00Z").getEpochSecond() * 1_000_000L;

    private TestEvents() {
    }

    /** A clock in microseconds since the epoch that only moves when told. */
    static final class Clock extends AtomicLong {
        Clock(long micros) {
            super(micros);
        }

        void advanceMillis(long ms) {
            addAndGet(ms * 1_000);
        }

        long now() {
            return get();
        }
    }

    static String id(long seq) {
        return String.format("0192f3c4-5e6f-7a8b-9c0d-%012x", seq);
    }

    /** The canonical fields of event {@code seq}, ingested at {@code ingestedMicros}; a fresh map each call. */
    static Map<String, Object> fields(long seq, long ingestedMicros) {
        Map<String, Object> f = new HashMap<>();
        f.put("event_id", id(seq));
        f.put("seq", seq);
        f.put("source", SOURCE);
        f.put("type", "event");
        f.put("connection_type", seq % 3 == 0 ? "redis" : "http");
        f.put("direction", seq % 2 == 0 ? "inbound" : "outbound");
        f.put("script_name", "job.py");
        f.put("function_name", "run");
        f.put("data_size_bytes", 1024L + seq % 100);
        f.put("response_time_ms", 12.5 + seq % 7);
        f.put("error", null);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("region", "eu-1");
        metadata.put("attempt", 1);
        metadata.putArray("tags").add("a").add("b");
        f.put("metadata", metadata);
        f.put("occurred_at", instant(ingestedMicros - 500));
        f.put("ingested_at", instant(ingestedMicros));
        return f;
    }

    static ObservedEvent event(long seq, long ingestedMicros, long observedMicros) {
        return new ObservedEvent(id(seq), fields(seq, ingestedMicros), observedMicros);
    }

    static ObservedEvent event(long seq, long ingestedMicros, long observedMicros, Map<String, Object> overrides) {
        Map<String, Object> f = fields(seq, ingestedMicros);
        f.putAll(overrides);
        return new ObservedEvent(id(seq), f, observedMicros);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
