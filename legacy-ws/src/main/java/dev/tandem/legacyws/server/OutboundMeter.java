package dev.tandem.legacyws.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames and bytes handed to one connection versus those its socket accepted: the difference is what sits in
 * Java-WebSocket's unbounded per-connection write queue (upstream issue #773), which the slow-client limit
 * bounds. {@link MeteredSocket} counts the first, {@link CountingChannel} the second, right after the system
 * call that sent them.
 *
 * <p>The write queue's own size is no measure of the backlog: a gathering write sends up to
 * {@link CountingChannel#MAX_GATHER} frames at once, but they leave the queue one by one afterwards, so a
 * selector thread descheduled in between made a client that had read everything look that many frames behind.
 */
final class OutboundMeter {
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong writtenBytes = new AtomicLong();
    private final AtomicLong queuedFrames = new AtomicLong();
    private final AtomicLong writtenFrames = new AtomicLong();

    void queued(int frames, long bytes) {
        queuedFrames.addAndGet(frames);
        queuedBytes.addAndGet(bytes);
    }

    /** {@code frames}: the frames this write completed (a partly sent frame counts once its last byte is out). */
    void written(int frames, long bytes) {
        writtenBytes.addAndGet(bytes);
        writtenFrames.addAndGet(frames);
    }

    long queuedTotal() {
        return queuedBytes.get();
    }

    long writtenTotal() {
        return writtenBytes.get();
    }

    /** Bytes queued but not yet written; never negative. */
    long pendingBytes() {
        // Reading 'written' first can only overstate the backlog (queued may grow in between), never hide it.
        long out = writtenBytes.get();
        return Math.max(0, queuedBytes.get() - out);
    }

    /** Frames queued but not yet completely written; never negative. */
    int pendingFrames() {
        long out = writtenFrames.get();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, queuedFrames.get() - out));
    }
}
