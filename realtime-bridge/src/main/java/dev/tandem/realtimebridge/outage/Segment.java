package dev.tandem.realtimebridge.outage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One append-only file of the outage buffer: its good bytes (a torn tail is cut off on open) and record count. */
final class Segment {
    static final String SUFFIX = ".seg";

    final long id;
    final Path path;
    final FileChannel channel;
    /** Bytes of whole, checked records; appends go here. */
    long size;
    long records;
    /** No more appends: it reached its target size, or an append to it failed. */
    boolean sealed;

    private Segment(long id, Path path, FileChannel channel, long size, long records) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.records = records;
    }

    static String fileName(long id) {
        return String.format("%020d%s", id, SUFFIX);
    }

    /** The id in a segment's file name, or -1 if the name is not a segment's. */
    static long idOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name, 0, 20, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Segment create(Path dir, long id) throws IOException {
        Path path = dir.resolve(fileName(id));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(id, path, ch, 0, 0);
    }

    /** Opens an existing segment for recovery; {@link #recover} then finds its good prefix. */
    static Segment open(Path path, long id) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(id, path, ch, ch.size(), 0);
    }

    /**
     * Counts the good records from the start and cuts the file after the last one (a torn or corrupt tail).
     *
     * @return a description of what was cut, or null if the whole file was good
     */
    String recover() throws IOException {
        long fileSize = channel.size();
        SegmentReader reader = new SegmentReader(channel, 0, fileSize);
        long count = 0;
        while (reader.next() != null) {
            count++;
        }
        records = count;
        size = reader.position();
        if (reader.problem() == null) {
            return null;
        }
        channel.truncate(size);
        channel.force(true);
        return (fileSize - size) + " bytes after offset " + size + " (" + reader.problem() + ")";
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
