package dev.tandem.legacyws.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes handed to one connection versus bytes its socket accepted: the difference is what sits in
 * Java-WebSocket's unbounded per-connection write queue (upstream issue #773), which the slow-client limit
 * bounds. {@link MeteredSocket} counts the first, {@link CountingChannel} the second.
 */
final class OutboundMeter {
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    void queued(long bytes) {
        queued.addAndGet(bytes);
    }

    void written(long bytes) {
        written.addAndGet(bytes);
    }

    long queuedTotal() {
        return queued.get();
    }

    long writtenTotal() {
        return written.get();
    }

    /** Bytes queued but not yet written; never negative. */
    long pendingBytes() {
        // Reading 'written' first can only overstate the backlog (queued may grow in between), never hide it.
        long out = written.get();
        return Math.max(0, queued.get() - out);
    }
}
