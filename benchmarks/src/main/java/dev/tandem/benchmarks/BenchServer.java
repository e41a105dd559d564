package dev.tandem.benchmarks;

/**
 * A server under test, as the server-side JVM drives it: one event published at a time, from one thread.
 * Implementations do only what their server needs to fan the event out, so the two are compared fairly.
 */
interface BenchServer {
    /** Binds and starts; returns once listening. */
    void start() throws Exception;

    int port();

    /** The WebSocket path clients connect to. */
    String path();

    /** Whether accepted connections get TCP_NODELAY (what was actually applied, not what was asked). */
    boolean tcpNoDelay();

    /** Connections the server currently counts as open. */
    int connections();

    /** Fans out the event with sequence number {@code seq}, stamped with wall-clock {@code stampMicros}. */
    void publish(long seq, long stampMicros);

    void stop() throws Exception;
}
