package dev.tandem.realtimebridge.writer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * An {@link EventRow} as the payload of an outage-buffer record: a compact binary form, field by field in
 * declaration order, led by a format version byte so a later format can still read this one.
 *
 * <pre>
 * byte version (1) | uuid event_id (2 longs) | long seq | str source | str type | str connection_type |
 * str direction | str? script_name | str? function_name | long? data_size_bytes | double? response_time_ms |
 * str? error | str metadata_json | instant? occurred_at | instant ingested_at
 * str: int byte length, then UTF-8 (length -1: null); long? / double? / instant?: byte 0 (null) or 1, then the
 * value; instant: long epoch second, int nano
 * </pre>
 */
final class RowCodec {
    static final byte VERSION = 1;

    private RowCodec() {
    }

    static byte[] encode(EventRow row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(row.eventId().getMostSignificantBits());
            out.writeLong(row.eventId().getLeastSignificantBits());
            out.writeLong(row.seq());
            string(out, row.source());
            string(out, row.type());
            string(out, row.connectionType());
            string(out, row.direction());
            string(out, row.scriptName());
            string(out, row.functionName());
            out.writeBoolean(row.dataSizeBytes() != null);
            if (row.dataSizeBytes() != null) {
                out.writeLong(row.dataSizeBytes());
            }
            out.writeBoolean(row.responseTimeMs() != null);
            if (row.responseTimeMs() != null) {
                out.writeDouble(row.responseTimeMs());
            }
            string(out, row.error());
            string(out, row.metadataJson());
            instant(out, row.occurredAt());
            instant(out, row.ingestedAt());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a row in a format this version reads */
    static EventRow decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("outage record format version " + version + " is not one this"
                        + " Tandem reads (it reads " + VERSION + ")");
            }
            UUID id = new UUID(in.getLong(), in.getLong());
            long seq = in.getLong();
            String source = string(in);
            String type = string(in);
            String connectionType = string(in);
            String direction = string(in);
            String scriptName = string(in);
            String functionName = string(in);
            Long dataSize = in.get() != 0 ? in.getLong() : null;
            Double responseTime = in.get() != 0 ? in.getDouble() : null;
            String error = string(in);
            String metadata = string(in);
            Instant occurredAt = instant(in);
            Instant ingestedAt = instant(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected bytes after an outage record");
            }
            return new EventRow(id, seq, source, type, connectionType, direction, scriptName, functionName, dataSize,
                    responseTime, error, metadata, occurredAt, ingestedAt);
        } catch (BufferUnderflowException | NullPointerException e) {
            throw new IllegalArgumentException("outage record is truncated or malformed: " + e, e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant instant(ByteBuffer in) {
        return in.get() != 0 ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
    }
}
