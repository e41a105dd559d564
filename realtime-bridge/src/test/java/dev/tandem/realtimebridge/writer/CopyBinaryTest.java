package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of binary COPY data. That the server stores them exactly as the INSERT path stores the same rows
 * is {@link EventWriterCopyTest}'s job.
 */
class CopyBinaryTest {
    private static final UUID ID = UUID.fromString("0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d");
    private static final byte[] HEADER = HexFormat.of().parseHex("5047434f50590aff0d0a00" + "00000000" + "00000000");

    @Test
    void aSparseRowFieldByField() {
        EventRow row = new EventRow(ID, 7, "src", "ping", "http", "inbound", null, null, null, null, null, "{}", null,
                Instant.parse("2000-01-01T00:00:01.000002Z"));
        String expected = hex(HEADER) + "000e"
                + "00000010" + "0192f3c45e6f7a8b9c0d1e2f3a4b5c6d" // uuid
                + "00000008" + "0000000000000007" // seq
                + "00000003" + hex("src") + "00000004" + hex("ping") + "00000004" + hex("http")
                + "00000007" + hex("inbound")
                + "ffffffff" + "ffffffff" + "ffffffff" + "ffffffff" + "ffffffff" // script .. error: NULL
                + "00000003" + "01" + hex("{}") // jsonb version 1, then the text
                + "ffffffff" // occurred_at NULL
                + "00000008" + "00000000000f4242" // 1,000,002 microseconds after 2000-01-01
                + "ffff"; // trailer
        assertEquals(expected, hex(CopyBinary.encode(List.of(row))));
    }

    @Test
    void textIsUtf8AsIsWithNothingEscaped() {
        String tricky = "a\tb\nc\rd\\e \\N \\. ü 🙈";
        EventRow row = new EventRow(ID, 1, tricky, "t", "c", "outbound", null, null, null, null, null, "{}", null,
                Instant.EPOCH);
        byte[] data = CopyBinary.encode(List.of(row));
        byte[] utf8 = tricky.getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(data, HEADER.length + 2 + 4 + 16 + 4 + 8, 4 + utf8.length);
        assertEquals(utf8.length, in.getInt());
        byte[] value = new byte[utf8.length];
        in.get(value);
        assertArrayEquals(utf8, value);
    }

    @Test
    void doublesAreTheirIeeeBitsAndTimestampsMicrosecondsSince2000RoundedAsPgJdbcRounds() {
        assertEquals("8000000000000000", float8(-0.0));
        assertEquals("7ff0000000000000", float8(Double.POSITIVE_INFINITY));
        assertEquals("0000000000000001", float8(Double.MIN_VALUE));
        assertEquals("7fefffffffffffff", float8(Double.MAX_VALUE));

        assertEquals(-946_684_800_000_000L, micros("1970-01-01T00:00:00Z"));
        assertEquals(-946_684_800_000_001L, micros("1969-12-31T23:59:59.999999Z"));
        assertEquals(123_456L, micros("2000-01-01T00:00:00.123456499Z"));
        assertEquals(123_457L, micros("2000-01-01T00:00:00.123456500Z"));
        assertEquals(1_000_000L, micros("2000-01-01T00:00:00.999999500Z"));
        assertEquals(-63_082_281_600_000_000L, micros("0001-01-01T00:00:00Z"));
        assertEquals(252_455_615_999_999_999L, micros("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void aBatchWithARowCopyCannotCarryAsInsertWouldIsLeftToInsert() {
        List<EventRow> rows = new ArrayList<>(TestRows.rows(1, 3));
        assertTrue(CopyBinary.carries(rows));
        assertTrue(CopyBinary.carries(List.of(at("0001-01-01T00:00:00Z"), at("9999-12-31T23:59:59.999999499Z"))));
        rows.add(at("9999-12-31T23:59:59.999999500Z")); // rounds into year 10000
        assertFalse(CopyBinary.carries(rows));
        assertFalse(CopyBinary.carries(List.of(at("0000-12-31T23:59:59Z"))), "1 BC");
        EventRow nul = new EventRow(ID, 1, "src", "t", "http", "inbound", null, null, null, null, "a\u0000b", "{}",
                null, Instant.EPOCH);
        assertFalse(CopyBinary.carries(List.of(TestRows.row(1), nul)), "U+0000: text cannot hold it");
    }

    @Test
    void manyRowsGoToTheSinkInChunksOfWholeRows() throws Exception {
        List<EventRow> rows = TestRows.rows(1, 2000);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        List<Integer> chunks = new ArrayList<>();
        CopyBinary.write(rows, (bytes, offset, length) -> {
            streamed.write(bytes, offset, length);
            chunks.add(length);
        });
        byte[] all = streamed.toByteArray();
        assertTrue(chunks.size() > 1, "more than one chunk: " + chunks);
        assertTrue(chunks.stream().allMatch(n -> n < CopyBinary.CHUNK_BYTES + 1024), chunks.toString());
        byte[] one = CopyBinary.encode(rows.subList(0, 1));
        int rowBytes = one.length - HEADER.length - 2;
        assertEquals(HEADER.length + 2000 * rowBytes + 2, all.length, "TestRows rows all encode to the same length");
        long sent = 0;
        for (int chunk : chunks.subList(0, chunks.size() - 1)) {
            sent += chunk;
            assertEquals(0, (sent - HEADER.length) % rowBytes, "a chunk ends with a whole row: " + chunks);
        }
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 2, all.length), new byte[] {-1, -1}, "trailer");
    }

    private static EventRow at(String ingestedAt) {
        return new EventRow(ID, 1, "src", "t", "http", "inbound", null, null, null, null, null, "{}", null,
                Instant.parse(ingestedAt));
    }

    /** The response_time_ms field's value bytes. */
    private static String float8(double d) {
        EventRow row = new EventRow(ID, 1, "s", "t", "c", "inbound", null, null, null, d, null, "{}", null, Instant.EPOCH);
        // header, field count, uuid, seq, four one-to-seven-byte texts, three NULLs: then response_time_ms
        ByteBuffer in = ByteBuffer.wrap(CopyBinary.encode(List.of(row)));
        in.position(HEADER.length + 2 + (4 + 16) + (4 + 8) + (4 + 1) * 3 + (4 + 7) + 4 * 3);
        assertEquals(8, in.getInt());
        return String.format("%016x", in.getLong());
    }

    /** The ingested_at field's value. */
    private static long micros(String instant) {
        byte[] data = CopyBinary.encode(List.of(at(instant)));
        return ByteBuffer.wrap(data, data.length - 2 - 8, 8).getLong();
    }

    private static String hex(String s) {
        return hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
