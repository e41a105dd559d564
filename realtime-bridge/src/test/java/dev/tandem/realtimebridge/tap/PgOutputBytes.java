package dev.tandem.realtimebridge.tap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds pgoutput messages byte by byte, following the protocol's message formats, for decoder tests. */
final class PgOutputBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes); // big-endian, as the protocol is

    static PgOutputBytes message(char type) {
        return new PgOutputBytes().int8(type);
    }

    PgOutputBytes int8(int v) {
        return write(() -> out.writeByte(v));
    }

    PgOutputBytes int16(int v) {
        return write(() -> out.writeShort(v));
    }

    PgOutputBytes int32(int v) {
        return write(() -> out.writeInt(v));
    }

    PgOutputBytes int64(long v) {
        return write(() -> out.writeLong(v));
    }

    /** A NUL-terminated UTF-8 string. */
    PgOutputBytes string(String s) {
        return write(() -> {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.writeByte(0);
        });
    }

    /** TupleData column of kind 't': length-prefixed text. */
    PgOutputBytes text(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return write(() -> {
            out.writeByte('t');
            out.writeInt(utf8.length);
            out.write(utf8);
        });
    }

    /** TupleData column of kind 'n': SQL NULL. */
    PgOutputBytes sqlNull() {
        return int8('n');
    }

    /** TupleData column of kind 'u': unchanged TOASTed value, not sent. */
    PgOutputBytes unchangedToast() {
        return int8('u');
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    /** The message alone, at array offset 0. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(toBytes());
    }

    /** The message as PgJDBC hands it out: a slice of a larger array, so arrayOffset() is not 0. */
    ByteBuffer slice() {
        return embedded().slice();
    }

    /** The message inside a larger array with position() at its start and limit() at its end. */
    ByteBuffer embedded() {
        byte[] message = toBytes();
        byte[] shared = new byte[message.length + 13];
        java.util.Arrays.fill(shared, (byte) 0x7f); // garbage around the message must never be read
        System.arraycopy(message, 0, shared, 7, message.length);
        return ByteBuffer.wrap(shared, 7, message.length);
    }

    private interface Write {
        void run() throws IOException;
    }

    private PgOutputBytes write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
