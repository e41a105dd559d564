package dev.tandem.legacyws.server;

import java.util.concurrent.atomic.LongAdder;

/** The server's running counts, reported under {@code stats.websocket} and {@code websocket_health}. */
final class Counters {
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder eventsBroadcast = new LongAdder();
    final LongAdder duplicatesSuppressed = new LongAdder();
    final LongAdder testEvents = new LongAdder();
    final LongAdder messagesDropped = new LongAdder();
    final LongAdder slowClientDisconnects = new LongAdder();
    final LongAdder writeStallsResumed = new LongAdder();
    final LongAdder resumes = new LongAdder();
    final LongAdder replayedEvents = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    /** Requests refused because maxInFlightRequests were already running (also answered rate_limited). */
    final LongAdder inFlightRefused = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder handshakesRefused = new LongAdder();
    final LongAdder pingTimeouts = new LongAdder();
    final LongAdder pingTimeoutWarnings = new LongAdder();
    final LongAdder ingestsAccepted = new LongAdder();
    final LongAdder ingestsRefused = new LongAdder();
    final LongAdder exports = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
}
