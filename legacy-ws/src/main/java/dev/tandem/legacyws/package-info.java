/**
 * The legacy monitoring WebSocket protocol (shared/spec/legacy-protocol.md), served and observed.
 *
 * <ul>
 *   <li>{@link dev.tandem.legacyws.LegacyServer} serves old dashboards; the adapter feeds it
 *       {@link dev.tandem.legacyws.LegacyEvent}s in seq order through {@code publish}, triggers
 *       {@code test_event}s ({@code broadcastTestEvent}) and sends control messages ({@code sendControl}).</li>
 *   <li>{@link dev.tandem.legacyws.LegacyServerConfig} holds its settings and their defaults, grouped into
 *       {@link dev.tandem.legacyws.ClientLimits}, {@link dev.tandem.legacyws.ReplaySettings} and
 *       {@link dev.tandem.legacyws.AuthSettings}.</li>
 *   <li>SPIs the adapter implements: {@link dev.tandem.legacyws.ProducerIngest} ({@code ingest} over the
 *       socket) and {@link dev.tandem.legacyws.ExportSource} ({@code export}; rendered with
 *       {@link dev.tandem.legacyws.ExportFormats}); both refuse with
 *       {@link dev.tandem.legacyws.LegacyRequestException}.</li>
 *   <li>{@link dev.tandem.legacyws.LegacyObserver} watches a legacy stream as a dashboard would, for the
 *       validator.</li>
 * </ul>
 *
 * <h2>Protocol decisions where the spec leaves room</h2>
 * <ul>
 *   <li><b>resume</b>: replays buffered events with seq &gt; last_seq that this connection was not already
 *       sent (events it got live since connecting are not repeated), under the broadcast lock, so nothing
 *       published meanwhile is lost or doubled; then {@code ack} (when a ref was given). When last_seq + 1 is
 *       older than the oldest buffered event, an {@code error} {@code gap} with {@code first_seq} comes first,
 *       and what the buffer still holds is replayed anyway: the dashboard learns about the hole and loses
 *       nothing more. Events in {@code initial_stats.recent_events} do not count as delivered.</li>
 *   <li><b>subscribe / unsubscribe</b>: default all types. {@code subscribe [a]} from "all" narrows to a;
 *       further subscribes add. {@code unsubscribe [a]} removes a (from "all": all but a). {@code unsubscribe}
 *       without a list goes back to all. {@code test_event}s reach every client regardless.</li>
 *   <li><b>Auth</b> (on when tokens or a JWT secret are set): token from {@code ?token=} or
 *       {@code Authorization: Bearer}; a JWT must be HS256, carry an unexpired {@code exp}, and names its role
 *       in {@code role} or {@code roles} (viewer when absent). No valid token: HTTP 401; an Origin header not
 *       in allowedOrigins: 403 (no Origin header, as from non-browser clients, is allowed). Java-WebSocket
 *       1.6.0 can only answer 404, so the connection's channel writes our 401/403 response in place of its
 *       404 (server.CountingChannel).</li>
 *   <li><b>Errors from SPIs</b>: a {@link dev.tandem.legacyws.LegacyRequestException} is answered with its
 *       code; any other failure (or a call running past 60 s) as {@code rate_limited}, meaning "not done, try
 *       again", since the protocol has no code for server faults.</li>
 *   <li><b>Export</b> ranges ({@code since}/{@code until}, ISO-8601 or epoch ms, inclusive) apply to the
 *       event's ingest time.</li>
 * </ul>
 *
 * <p>Sub-packages are internal: {@code message} renders and parses the JSON messages, {@code stats} keeps the
 * figures reported in {@code initial_stats}/{@code stats}, {@code replay} the replay buffer and dedup window,
 * {@code critical} messages waiting for absent clients, {@code health} ping/pong bookkeeping, {@code auth}
 * token checks, {@code server} runs Java-WebSocket underneath. Java-WebSocket types never appear in this
 * package's API.
 */
package dev.tandem.legacyws;
