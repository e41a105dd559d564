package dev.tandem.realtimebridge.outage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment in order, from a start offset up to an end offset, through a read-ahead
 * window. Stops at the end, or at the first record that is incomplete or fails its checksum; {@link #position()}
 * is then the offset just past the last good record.
 *
 * <p>A record is {@code [int length][int crc32c][payload]}, the checksum covering the four length bytes and
 * the payload, so a torn write (length written, payload not) and a flipped bit are both caught.
 */
final class SegmentReader {
    static final int HEADER_BYTES = 8;
    private static final int WINDOW_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long end;
    private ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).limit(0);
    /** File offset of the window's first byte. */
    private long windowStart;
    private long position;
    private String problem;

    SegmentReader(FileChannel channel, long start, long end) {
        this.channel = channel;
        this.end = end;
        this.windowStart = start;
        this.position = start;
    }

    /** The next record's payload, or null at the end or at a bad record ({@link #problem()} says which). */
    byte[] next() throws IOException {
        if (position == end) {
            return null;
        }
        if (!fill(HEADER_BYTES)) {
            return bad("incomplete record header (" + (end - position) + " bytes)");
        }
        int at = (int) (position - windowStart);
        int length = window.getInt(at);
        int crc = window.getInt(at + 4);
        if (length < 0 || length > OutageBuffer.MAX_RECORD_BYTES) {
            return bad("impossible record length " + length);
        }
        if (!fill(HEADER_BYTES + length)) {
            return bad("incomplete record: " + length + " bytes announced, " + (end - position - HEADER_BYTES) + " present");
        }
        at = (int) (position - windowStart);
        byte[] payload = new byte[length];
        window.get(at + HEADER_BYTES, payload);
        if (checksum(length, payload) != crc) {
            return bad("checksum mismatch in a record of " + length + " bytes");
        }
        position += HEADER_BYTES + length;
        return payload;
    }

    /** Offset just past the last good record read. */
    long position() {
        return position;
    }

    /** Why reading stopped before the end, or null. */
    String problem() {
        return problem;
    }

    static int checksum(int length, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private byte[] bad(String why) {
        problem = why;
        return null;
    }

    /** Makes the window hold {@code need} bytes from {@link #position}; false if the segment ends first. */
    private boolean fill(int need) throws IOException {
        if (end - position < need) {
            return false;
        }
        long have = windowStart + window.limit() - position;
        if (have >= need) {
            return true;
        }
        if (need > window.capacity()) {
            window = ByteBuffer.allocate(need).limit(0);
            windowStart = position;
        }
        // Keep the unread bytes, moved to the front, then read until the window holds enough.
        window.position((int) (position - windowStart));
        window.compact();
        windowStart = position;
        long wanted = Math.min(window.capacity(), end - position);
        while (window.position() < wanted) {
            int n = channel.read(window, windowStart + window.position());
            if (n < 0) {
                break;
            }
        }
        window.limit(window.position());
        return window.limit() >= need;
    }
}
