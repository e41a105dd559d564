package dev.tandem.realtimebridge.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outage buffer on its own, against a real directory: order, segments, crash recovery, the bound, the lock. */
class OutageBufferTest {
    /** The smallest bound, so that segments are 4 KiB and a few hundred records span several of them. */
    private static final long MAX = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void recordsComeOutInOrderAcrossSegmentsWhichAreDeletedOnceConsumed() throws IOException {
        try (OutageBuffer buffer = OutageBuffer.open(dir, MAX)) {
            for (int group = 0; group < 20; group++) {
                assertTrue(buffer.append(records(group * 10, 10), 0));
            }
            assertEquals(200, buffer.records());
            assertTrue(segmentFiles().size() > 1, "200 records of ~100 bytes fill several 4 KiB segments");
            assertEquals(segmentFiles().stream().mapToLong(OutageBufferTest::size).sum(), buffer.stats().bytes());

            List<String> seen = new ArrayList<>();
            int segmentsBefore = segmentFiles().size();
            while (!buffer.isEmpty()) {
                OutageBuffer.Chunk chunk = buffer.peek(30);
                assertEquals(text(chunk), text(buffer.peek(30)), "peek does not remove");
                chunk.records().forEach(r -> seen.add(new String(r, StandardCharsets.UTF_8)));
                buffer.consume(chunk);
                if (!buffer.isEmpty()) {
                    assertTrue(segmentFiles().size() <= segmentsBefore);
                }
            }
            assertEquals(expected(0, 200), seen);
            assertEquals(List.of(), segmentFiles(), "a drained buffer has no segment files");
            assertEquals(0, buffer.stats().bytes());

            assertTrue(buffer.append(records(500, 2), 0), "appends start a new segment after draining");
            assertEquals(expected(500, 2), text(buffer.peek(10)));
        }
    }

    @Test
    void aTornTailIsCutOffOnReopenAndTheRecordsBeforeItAreKept() throws IOException {
        try (OutageBuffer buffer = OutageBuffer.open(dir, MAX)) {
            buffer.append(records(0, 5), 0);
            buffer.append(records(5, 5), 0);
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long good = size(last);
        // A crash mid-append: a length prefix promising 200 bytes, and only 3 of them.
        Files.write(last, new byte[] {0, 0, 0, (byte) 200, 1, 2, 3, 4, 'a', 'b', 'c'}, StandardOpenOption.APPEND);

        try (OutageBuffer reopened = OutageBuffer.open(dir, MAX)) {
            assertEquals(10, reopened.records());
            assertEquals(11, reopened.stats().truncatedBytes());
            assertEquals(good, size(last), "the torn tail is cut off the file");
            assertEquals(expected(0, 10), text(reopened.peek(100)));
            assertTrue(reopened.append(records(10, 1), 0), "appends go on after recovery");
            assertEquals(expected(0, 11), text(reopened.peek(100)));
        }
    }

    @Test
    void aRecordWhoseChecksumFailsEndsTheGoodPrefix() throws IOException {
        try (OutageBuffer buffer = OutageBuffer.open(dir, MAX)) {
            buffer.append(records(0, 3), 0);
        }
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length - 1] ^= 0x40; // one flipped bit in the last record's payload
        Files.write(seg, bytes);

        try (OutageBuffer reopened = OutageBuffer.open(dir, MAX)) {
            assertEquals(expected(0, 2), text(reopened.peek(100)));
            assertEquals(2, reopened.records());
        }
    }

    @Test
    void reservationsAreRefusedBeyondTheBoundAndAnAppendNeverTakesRoomPromisedToAnother() throws IOException {
        try (OutageBuffer buffer = OutageBuffer.open(dir, MAX)) {
            long half = MAX / 2;
            assertTrue(buffer.tryReserve(half));
            assertTrue(buffer.tryReserve(half));
            assertFalse(buffer.tryReserve(1), "the whole bound is promised");
            assertEquals(MAX, buffer.stats().reservedBytes());

            List<byte[]> unreserved = records(0, 1);
            assertFalse(buffer.append(unreserved, 0), "no room that is not promised to someone");
            assertEquals(0, buffer.records());

            List<byte[]> mine = List.of(new byte[(int) half - OutageBuffer.RECORD_OVERHEAD_BYTES]);
            assertTrue(buffer.append(mine, half), "an append may use its own reservation");
            assertEquals(half, buffer.stats().bytes());
            assertEquals(half, buffer.stats().reservedBytes());

            buffer.release(half);
            assertTrue(buffer.append(unreserved, 0), "released room is free again");
            buffer.forceReserve(MAX);
            assertFalse(buffer.tryReserve(1), "a forced reservation holds off new ones even beyond the bound");
        }
    }

    @Test
    void aDirectoryInUseIsRefused() throws IOException {
        try (OutageBuffer first = OutageBuffer.open(dir, MAX)) {
            IOException e = assertThrows(IOException.class, () -> OutageBuffer.open(dir, MAX));
            assertTrue(e.getMessage().contains("in use by another Tandem instance"), e.getMessage());
            assertTrue(first.append(records(0, 1), 0), "the holder is unaffected");
        }
        try (OutageBuffer again = OutageBuffer.open(dir, MAX)) {
            assertEquals(1, again.records(), "free once closed");
        }
    }

    private static List<byte[]> records(int first, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(("record " + i + " " + "x".repeat(80)).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> expected(int first, int count) {
        return records(first, count).stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }

    private static List<String> text(OutageBuffer.Chunk chunk) {
        return chunk.records().stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
