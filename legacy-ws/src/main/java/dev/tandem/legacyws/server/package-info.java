/**
 * Internal: the server behind {@code LegacyServer}.
 *
 * <p>Java-WebSocket's per-connection write queue is unbounded (upstream issue #773), so every connection is
 * a {@code MeteredSocket} whose backlog is known in frames and bytes; a client
 * whose backlog passes the configured limits is closed with 1013 and its socket dropped after a short grace.
 * Only {@link ServerRuntime} is meant to be used from outside this package.
 */
package dev.tandem.legacyws.server;
