package dev.tandem.benchmarks.writer;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.tandem.realtimebridge.writer.EventRow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's monitoring events as {@link EventRow}s, and the same rows as {@code COPY ... FROM STDIN}
 * text. Every column is filled the way a busy producer fills it (a script, a function, a size, a response
 * time, a few metadata keys), and event ids are UUIDv7 as Tandem assigns them, so the primary key index sees
 * the same mostly-ascending inserts as in service.
 */
final class BenchRows {
    static final String SOURCE = "bench-writer";
    /** The columns in the order both {@link #copyLine} and the naive INSERT use, which is the table's. */
    static final String COLUMNS = "event_id, seq, source, type, connection_type, direction, script_name,"
            + " function_name, data_size_bytes, response_time_ms, error, metadata, occurred_at, ingested_at";
    private static final String[] HOSTS = {"worker-01", "worker-02", "worker-03", "worker-04"};

    private BenchRows() {
    }

    /** One event; {@code seq} also varies the values, so rows are not all alike. */
    static EventRow row(long seq, Instant ingestedAt) {
        String metadata = "{\"host\": \"" + HOSTS[(int) (seq & 3)] + "\", \"region\": \"eu-west-1\", \"queue\": \"orders\","
                + " \"attempt\": " + (1 + seq % 3) + ", \"trace_id\": \"" + Long.toHexString(0x4bf92f3577b34da6L ^ seq)
                + "a3ce929d0e0e4736\", \"client\": \"checkout-worker/2.14.1 (python/3.12.4; linux)\"}";
        return new EventRow(UuidCreator.getTimeOrderedEpoch(), seq, SOURCE, "call", "redis", "outbound",
                "workers/checkout_sync.py", "process_order_batch", 2_048 + seq % 4_096, 12.5 + (seq % 1_000) / 100.0,
                null, metadata, ingestedAt.minusMillis(3), ingestedAt);
    }

    static List<EventRow> rows(int count, Instant firstIngestedAt) {
        List<EventRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(i, firstIngestedAt.plusNanos(i * 1_000L)));
        }
        return rows;
    }

    /** The rows as one COPY text payload, ready to stream. */
    static byte[] copyText(List<EventRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 400);
        for (EventRow r : rows) {
            out.writeBytes(copyLine(r).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A row in COPY's text format: tab-separated, {@code \N} for NULL, ending in a newline. */
    static String copyLine(EventRow r) {
        StringBuilder b = new StringBuilder(400);
        for (Object value : values(r)) {
            if (value == null) {
                b.append("\\N");
            } else {
                escape(b, value.toString());
            }
            b.append('\t');
        }
        b.setCharAt(b.length() - 1, '\n');
        return b.toString();
    }

    /** The row's values in {@link #COLUMNS} order, as JDBC takes them (timestamps as UTC OffsetDateTime). */
    static Object[] values(EventRow r) {
        return new Object[] {r.eventId(), r.seq(), r.source(), r.type(), r.connectionType(), r.direction(),
                r.scriptName(), r.functionName(), r.dataSizeBytes(), r.responseTimeMs(), r.error(), r.metadataJson(),
                utc(r.occurredAt()), utc(r.ingestedAt())};
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }
}
