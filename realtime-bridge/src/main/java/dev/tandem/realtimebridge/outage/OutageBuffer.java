package dev.tandem.realtimebridge.outage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded first-in-first-out log of opaque records on local disk, for the rows the writer cannot commit while
 * Postgres is unreachable.
 *
 * <ul>
 *   <li><b>Format.</b> Append-only segment files {@code <20-digit id>.seg} in one directory; a record is
 *       {@code [int length][int crc32c][payload]} ({@link SegmentReader}). A segment takes appends until it
 *       reaches its target size (a sixteenth of the bound, 4 KiB to 64 MiB), then the next append starts a new
 *       one.</li>
 *   <li><b>Durability.</b> {@link #append} writes a whole group of records and forces the file once (group
 *       fsync); it returns only when they are on disk. A new segment file's directory entry is forced too.</li>
 *   <li><b>Crash recovery.</b> {@link #open} checks every record of every segment; a torn or corrupt tail is
 *       cut off (and logged), the good records before it are kept. Replayed-but-not-deleted records are read
 *       again after a crash: the consumer must be idempotent.</li>
 *   <li><b>Bound.</b> At most {@code maxBytes} of segment files. Room can be {@linkplain #tryReserve reserved}
 *       ahead of an append, so that a caller learns "full" before it has accepted anything (policy
 *       {@value #FULL_POLICY}); an append never takes room reserved by someone else.</li>
 *   <li><b>Consumption.</b> {@link #peek} reads from the head without removing; {@link #consume} then moves the
 *       head past those records and deletes every segment the head has left behind. An empty buffer has no
 *       segment files.</li>
 * </ul>
 *
 * <p>One appender and one consumer at a time (the writer thread); reservations and stats from any thread. The
 * directory is locked ({@code .lock}) for as long as the buffer is open, so two processes never share it.
 */
public final class OutageBuffer implements AutoCloseable {
    /** What happens when the bound is reached: new records are refused; nothing already in is dropped. */
    public static final String FULL_POLICY = "refuse_new";
    /** Bytes a record takes beyond its payload: length and checksum. */
    public static final int RECORD_OVERHEAD_BYTES = SegmentReader.HEADER_BYTES;
    /** Largest payload of one record. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    static final long MIN_SEGMENT_BYTES = 4 * 1024;
    static final long MAX_SEGMENT_BYTES = 64L * 1024 * 1024;
    static final String LOCK_FILE = ".lock";
    private static final Logger log = LoggerFactory.getLogger(OutageBuffer.class);

    /**
     * @param records records not yet consumed
     * @param bytes size of the segment files (consumed records count until their segment is deleted)
     * @param reservedBytes room promised to appends still to come
     * @param truncatedBytes bytes cut off torn or corrupt tails when the buffer was opened
     */
    public record Stats(Path dir, long records, long bytes, long reservedBytes, long maxBytes, int segments,
                        long appends, long truncatedBytes) {
    }

    /** Records read from the head by {@link #peek}; hand it back to {@link #consume} once they are handled. */
    public static final class Chunk {
        private final List<byte[]> records;
        private final long endSegment;
        private final long endPosition;

        private Chunk(List<byte[]> records, long endSegment, long endPosition) {
            this.records = List.copyOf(records);
            this.endSegment = endSegment;
            this.endPosition = endPosition;
        }

        public List<byte[]> records() {
            return records;
        }

        public int size() {
            return records.size();
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentTarget;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long truncatedBytes;
    /** Oldest first; only the last one may take appends. Guarded by this. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** Offset of the first unconsumed record in the first segment. Guarded by this. */
    private long headPosition;
    private long nextId;
    private boolean closed;
    private volatile long records;
    private volatile int segmentCount;
    private volatile long appends;
    /** Guards {@link #bytes} and {@link #reserved}, never held during I/O. */
    private final Object budget = new Object();
    private long bytes;
    private long reserved;

    private OutageBuffer(Path dir, long maxBytes, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentTarget = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.truncatedBytes = recover();
    }

    /**
     * Opens (creating it if needed) and locks the buffer in {@code dir}, checking every record already there.
     *
     * @throws IOException if the directory cannot be created, read or locked (another process holds it)
     */
    public static OutageBuffer open(Path dir, long maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got: " + maxBytes);
        }
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                throw new IOException("the outage buffer directory " + dir.toAbsolutePath()
                        + " is in use by another Tandem instance (it holds " + LOCK_FILE + ")");
            }
            return new OutageBuffer(dir, maxBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** Size a record with a payload of {@code payloadBytes} takes in the buffer. */
    public static long recordBytes(int payloadBytes) {
        return RECORD_OVERHEAD_BYTES + (long) payloadBytes;
    }

    /** Promises {@code n} bytes to a later append if they fit beside what is stored and promised; false if not. */
    public boolean tryReserve(long n) {
        synchronized (budget) {
            if (bytes + reserved + n > maxBytes) {
                return false;
            }
            reserved += n;
            return true;
        }
    }

    /**
     * Promises {@code n} bytes even beyond the bound, for records already accepted that must go in next: until
     * they are appended (or released), nothing new can be reserved.
     */
    public void forceReserve(long n) {
        synchronized (budget) {
            reserved += n;
        }
    }

    /** Gives back promised room that will not be appended after all. */
    public void release(long n) {
        synchronized (budget) {
            reserved = Math.max(0, reserved - n);
        }
    }

    /**
     * Appends the records in order and forces them to disk, all or none.
     *
     * @param reservedBytes how much of the room these records need was reserved for them (it is used up)
     * @return false, with nothing written, if they do not fit in the room not promised to others
     * @throws IOException if writing or forcing failed; nothing is counted as stored (the segment is sealed and
     *                     cut back to its last good record)
     */
    public synchronized boolean append(List<byte[]> payloads, long reservedBytes) throws IOException {
        ensureOpen();
        long size = 0;
        for (byte[] p : payloads) {
            if (p.length > MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("a record may hold at most " + MAX_RECORD_BYTES + " bytes, got " + p.length);
            }
            size += recordBytes(p.length);
        }
        if (payloads.isEmpty()) {
            return true;
        }
        synchronized (budget) {
            long promisedToOthers = Math.max(0, reserved - reservedBytes);
            if (bytes + size > maxBytes - promisedToOthers) {
                return false;
            }
        }
        Segment seg = writableSegment();
        ByteBuffer[] parts = new ByteBuffer[payloads.size() * 2];
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            parts[2 * i] = ByteBuffer.allocate(RECORD_OVERHEAD_BYTES).putInt(p.length)
                    .putInt(SegmentReader.checksum(p.length, p)).flip();
            parts[2 * i + 1] = ByteBuffer.wrap(p);
        }
        long at = seg.size;
        try {
            seg.channel.position(at);
            long written = 0;
            while (written < size) {
                written += seg.channel.write(parts);
            }
            seg.channel.force(false);
        } catch (IOException e) {
            seg.sealed = true;
            try {
                seg.channel.truncate(at);
            } catch (IOException again) {
                e.addSuppressed(again); // reading stops at seg.size; recovery on the next open cuts the rest
            }
            throw e;
        }
        seg.size += size;
        seg.records += payloads.size();
        records += payloads.size();
        appends++;
        synchronized (budget) {
            bytes += size;
            reserved = Math.max(0, reserved - reservedBytes);
        }
        return true;
    }

    /** Up to {@code maxRecords} records from the head, oldest first, without removing them. */
    public synchronized Chunk peek(int maxRecords) throws IOException {
        ensureOpen();
        List<byte[]> out = new ArrayList<>(Math.min(maxRecords, 1024));
        long endSegment = -1;
        long endPosition = headPosition;
        long from = headPosition;
        for (Segment seg : segments) {
            if (out.size() >= maxRecords) {
                break;
            }
            SegmentReader reader = new SegmentReader(seg.channel, from, seg.size);
            byte[] record;
            while (out.size() < maxRecords && (record = reader.next()) != null) {
                out.add(record);
            }
            if (reader.problem() != null) {
                throw new IOException("outage buffer segment " + seg.path + " became unreadable at offset "
                        + reader.position() + ": " + reader.problem());
            }
            endSegment = seg.id;
            endPosition = reader.position();
            from = 0;
        }
        return new Chunk(out, endSegment, endPosition);
    }

    /** Removes the records of {@code chunk} (the last {@link #peek}) and deletes the segments left behind. */
    public synchronized void consume(Chunk chunk) throws IOException {
        ensureOpen();
        if (chunk.size() == 0) {
            return;
        }
        records -= chunk.size();
        if (records == 0) {
            while (!segments.isEmpty()) {
                deleteFirst();
            }
            headPosition = 0;
            return;
        }
        while (segments.getFirst().id < chunk.endSegment) {
            deleteFirst();
        }
        headPosition = chunk.endPosition;
        while (segments.size() > 1 && headPosition == segments.getFirst().size) {
            deleteFirst();
            headPosition = 0;
        }
    }

    /** Hands every stored record, oldest first, to {@code action}; for a scan at start, before consuming. */
    public synchronized void forEach(Consumer<byte[]> action) throws IOException {
        ensureOpen();
        long from = headPosition;
        for (Segment seg : segments) {
            SegmentReader reader = new SegmentReader(seg.channel, from, seg.size);
            byte[] record;
            while ((record = reader.next()) != null) {
                action.accept(record);
            }
            from = 0;
        }
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public long records() {
        return records;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Path dir() {
        return dir;
    }

    public Stats stats() {
        synchronized (budget) {
            return new Stats(dir, records, bytes, reserved, maxBytes, segmentCount, appends, truncatedBytes);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (Segment seg : segments) {
            try {
                seg.channel.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Opens the segments left by an earlier run, oldest first, cutting torn tails; returns the bytes cut. */
    private long recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> Segment.idOf(p) >= 0).sorted(Comparator.comparingLong(Segment::idOf)).toList();
        }
        long cutBytes = 0;
        long lastId = 0;
        long found = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            lastId = Segment.idOf(file);
            Segment seg = Segment.open(file, lastId);
            long before = seg.size;
            String cut;
            try {
                cut = seg.recover();
            } catch (IOException e) {
                seg.channel.close();
                throw e;
            }
            if (cut != null) {
                cutBytes += before - seg.size;
                if (i == files.size() - 1) {
                    log.warn("outage buffer: cut a torn tail off {} (expected after a crash): {}", file, cut);
                } else {
                    log.error("outage buffer: a corrupt record in {}, which is not the newest segment; the rest of"
                            + " that segment is lost: {}", file, cut);
                }
            }
            if (seg.records == 0) {
                seg.delete();
                continue;
            }
            seg.sealed = true; // a new run appends to a new segment
            segments.addLast(seg);
            found += seg.records;
            bytes += seg.size;
        }
        nextId = lastId + 1;
        records = found;
        segmentCount = segments.size();
        if (found > 0) {
            log.info("outage buffer {}: {} records in {} segments ({} bytes) from an earlier run", dir, found,
                    segments.size(), bytes);
        }
        return cutBytes;
    }

    private Segment writableSegment() throws IOException {
        Segment last = segments.peekLast();
        if (last != null && !last.sealed && last.size < segmentTarget) {
            return last;
        }
        if (last != null) {
            last.sealed = true; // already forced by its last append
        }
        Segment seg = Segment.create(dir, nextId++);
        segments.addLast(seg);
        segmentCount = segments.size();
        forceDirectory();
        return seg;
    }

    /** Makes a new file's directory entry durable, so a crash cannot lose a whole forced segment. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the file's own force is all they offer.
            log.debug("cannot force directory {}: {}", dir, e.toString());
        }
    }

    private void deleteFirst() throws IOException {
        Segment seg = segments.removeFirst();
        segmentCount = segments.size();
        synchronized (budget) {
            bytes -= seg.size;
        }
        seg.delete();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("outage buffer " + dir + " is closed");
        }
    }
}
