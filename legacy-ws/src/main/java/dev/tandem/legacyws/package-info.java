/**
 * The legacy monitoring WebSocket protocol (shared/spec/legacy-protocol.md), served and observed.
 *
 * <ul>
 *   <li>{@link dev.tandem.legacyws.LegacyServer} serves old dashboards; the adapter feeds it
 *       {@link dev.tandem.legacyws.LegacyEvent}s in seq order through {@code publish}.</li>
 *   <li>{@link dev.tandem.legacyws.LegacyServerConfig} holds its settings and their defaults.</li>
 *   <li>{@link dev.tandem.legacyws.LegacyObserver} watches a legacy stream as a dashboard would, for the
 *       validator.</li>
 * </ul>
 *
 * <p>Sub-packages are internal: {@code message} renders and parses the JSON messages, {@code stats} keeps the
 * figures reported in {@code initial_stats}/{@code stats}, {@code server} runs Java-WebSocket underneath.
 * Java-WebSocket types never appear in this package's API.
 */
package dev.tandem.legacyws;
