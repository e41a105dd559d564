package dev.tandem.legacyws.server;

/**
 * How much unsent output one client may have before it counts as too slow. A client with nothing queued may
 * always take the next message, however large, so a big {@code initial_stats} never trips the limit alone.
 */
record OutboundLimit(int maxMessages, long maxBytes) {

    boolean admits(int queuedMessages, long queuedBytes, long nextFrameBytes) {
        if (queuedMessages == 0) {
            return true;
        }
        return queuedMessages < maxMessages && queuedBytes + nextFrameBytes <= maxBytes;
    }
}
