/**
 * Internal: the server behind {@code LegacyServer}.
 *
 * <p>Java-WebSocket's per-connection write queue is unbounded (upstream issue #773), so every connection is
 * a {@code MeteredSocket} whose backlog is known in frames and bytes; a client whose backlog passes the
 * configured limits is closed with 1013 and its socket dropped after a short grace. Three Java-WebSocket
 * 1.6.0 races are worked around here: lost write interest (LegacyEngine.resumeStalledWrites), a connection
 * "opened" after it closed (LegacyEngine.onOpen), and refused handshakes that never hang up (CountingChannel).
 *
 * <p>Threads: Java-WebSocket's selector and decoder threads handle connections and messages; one
 * housekeeping thread runs the write-stall check, the health pings and slow-client close deadlines; a small
 * bounded pool ({@code AsyncRequests}) runs the ingest and export SPIs, so no WebSocket thread waits on them.
 * Only {@link dev.tandem.legacyws.server.ServerRuntime} is meant to be used from outside this package.
 */
package dev.tandem.legacyws.server;
