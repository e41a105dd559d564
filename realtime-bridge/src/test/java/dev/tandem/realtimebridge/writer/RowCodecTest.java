package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outage record form of a row: every field round-trips, nulls included; foreign bytes are refused. */
class RowCodecTest {
    @Test
    void aFullAndASparseRowRoundTrip() {
        EventRow full = new EventRow(UUID.randomUUID(), 42, "instance-ä", "response", "websocket", "outbound",
                "checkout.js", "charge", 1_234_567_890_123L, 12.375, "timeout after 3 tries — 🙈",
                "{\"tags\": [\"a\", null]}", Instant.parse("2024-05-06T07:08:09.123456Z"),
                Instant.parse("2024-05-06T07:08:10.000001Z"));
        EventRow sparse = TestRows.row(7);
        assertEquals(full, RowCodec.decode(RowCodec.encode(full)));
        assertEquals(sparse, RowCodec.decode(RowCodec.encode(sparse)));
    }

    @Test
    void anUnknownVersionOrTruncatedRecordIsRefusedWithAReason() {
        byte[] bytes = RowCodec.encode(TestRows.row(1));
        byte[] future = bytes.clone();
        future[0] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> RowCodec.decode(future));
        assertTrue(version.getMessage().contains("version 9"), version.getMessage());
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> RowCodec.decode(Arrays.copyOf(bytes, bytes.length - 5)));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
    }
}
