package dev.tandem.adapter.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.adapter.config.OutageSettings;
import dev.tandem.adapter.config.RealtimeSource;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.config.TapMode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.EventParser;
import dev.tandem.adapter.event.IngestLimits;
import dev.tandem.adapter.http.AdminAuth;
import dev.tandem.adapter.http.HttpApi;
import dev.tandem.adapter.http.ValidationRunRoutes;
import dev.tandem.adapter.report.RunSource;
import dev.tandem.adapter.report.RunStore;
import dev.tandem.adapter.report.ValidationRuns;
import dev.tandem.adapter.legacy.LegacyAuth;
import dev.tandem.adapter.legacy.PostgresExport;
import dev.tandem.adapter.legacy.SocketIngest;
import dev.tandem.adapter.ingest.IngestService;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.migrations.MigrationRefusedException;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.retention.EventRetention;
import dev.tandem.realtimebridge.stats.StatsTable;
import dev.tandem.realtimebridge.supabase.RealtimeClientConfig;
import dev.tandem.realtimebridge.supabase.RealtimeException;
import dev.tandem.realtimebridge.outage.OutageBuffer;
import dev.tandem.realtimebridge.tap.SlotStatus;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.tap.TapPreflight;
import dev.tandem.realtimebridge.writer.CircuitBreaker;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.realtimebridge.writer.WriterConfig;
import dev.tandem.realtimebridge.writer.WriterStats;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: prepares and migrates the database, then starts the durable writer, the legacy
 * broadcaster, the validation rig (when the tap can run) and the HTTP API, and stops them in reverse.
 */
public final class TandemService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TandemService.class);
    private static final Duration STOP_DRAIN = Duration.ofSeconds(5);
    /** Retention's first run comes after start-up's own work, then hourly: deleting is never urgent. */
    static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(1);
    static final Duration RETENTION_PERIOD = Duration.ofHours(1);
    private static final Duration OBSERVER_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final String PUBLICATION = "supabase_realtime";

    private final TandemConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    /** What to stop, most recently started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** The built-in legacy observer's own viewer token, made per start, used only when legacy auth is on. */
    private final String observerToken = LegacyAuth.randomToken();
    private HikariDataSource pool;
    private EventWriter writer;
    private LegacyServer legacy;
    private EventRetention retention; // null when retention is off
    private IngestService ingest;
    private ValidationRig validation;
    private String tapOffReason;
    private HttpApi http;
    private dev.tandem.adapter.rollout.Rollout rollout;

    private TandemService(TandemConfig config) {
        this.config = config;
    }

    /** Starts everything, or stops what it started and throws with a message a person can act on. */
    public static TandemService start(TandemConfig config) throws StartupException {
        TandemService s = new TandemService(config);
        try {
            s.startAll();
            return s;
        } catch (StartupException | RuntimeException e) {
            s.close();
            if (e instanceof StartupException se) {
                throw se;
            }
            throw new StartupException("could not start: " + e.getMessage(), e);
        }
    }

    private void startAll() throws StartupException {
        log.info("starting Tandem {}", config);
        String created = DatabasePreparer.ensureDatabase(config.dbUrl(), config.dbUser(), config.dbPassword());
        if (created != null) {
            log.info("database: {}", created);
        }
        Migrator.Result migrated;
        try {
            migrated = new Migrator(config.dbUrl(), config.dbUser(), config.dbPassword(), config.realtime()).migrate();
        } catch (MigrationRefusedException e) {
            throw new StartupException(Setting.REALTIME_MODE.label() + " is broadcast, but " + e.getMessage(), e);
        }
        log.info("schema: {} migration(s) applied{}", migrated.migrationsExecuted(),
                migrated.schemaVersion() == null ? ", already current" : ", now at version " + migrated.schemaVersion());

        pool = Pools.hikari(config.dbUrl(), config.dbUser(), config.dbPassword(), 4, "tandem-writer");
        started.push(pool);
        writer = openWriter();
        started.push(() -> writer.close(STOP_DRAIN)); // also unlocks the outage buffer if a later step fails
        writer.start();
        rollout = RolloutWiring.start(config, pool);
        started.push(rollout);

        CanonicalMapping mapping = new CanonicalMapping();
        EventParser parser = new EventParser(IngestLimits.DEFAULTS);
        legacy = new LegacyServer(LegacyServerConfig.builder().host(config.host()).port(config.wsPort())
                .path(config.wsPath()).auth(LegacyAuth.toAuthSettings(config.wsAuth(), observerToken)).build());
        // Rows left in the outage buffer are not in the table yet: the sequence continues after them too.
        long lastSeq = Math.max(lastSeq(config.instanceId()), writer.maxBufferedSeq(config.instanceId()));
        ingest = new IngestService(config.instanceId(), lastSeq, writer,
                e -> {
                    if (rollout.current().legacyBroadcast()) {
                        legacy.publish(mapping.toLegacy(e));
                    }
                }, mapping, IngestService.DEFAULT_DURABLE_TIMEOUT,
                () -> rollout.current().enabled(dev.tandem.adapter.rollout.TandemFeature.DUAL_WRITE));
        ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
        started.push(requests::shutdownNow);
        legacy.producerIngest(new SocketIngest(parser, ingest, requests));
        legacy.exportSource(new PostgresExport(pool, mapping, requests));
        legacy.start();
        started.push(() -> legacy.stop(STOP_DRAIN));
        RolloutWiring.notifyLegacyDashboards(rollout, legacy, config);
        started.push(new StatsMirror(legacy, new StatsTable(pool, config.instanceId()), Clock.systemUTC())
                .start(StatsMirror.DEFAULT_INTERVAL));
        if (config.retentionDays() > 0) {
            retention = new EventRetention(pool, Duration.ofDays(config.retentionDays()), config.retentionBatch(),
                    Clock.systemUTC());
            started.push(retention.schedule(RETENTION_FIRST_RUN, RETENTION_PERIOD));
        }

        startValidation(mapping);
        RunStore runStore = new RunStore(pool, mapper);
        ValidationRuns runs = null;
        if (validation != null) {
            runs = new ValidationRuns(runSource(), runStore).every(Duration.ofMinutes(config.validationRunMinutes()))
                    .onClosed(report -> RolloutWiring.rollBackOnNoGo(rollout, report));
            started.push(runs); // stopped before the rig: the run in progress at shutdown is closed and kept
        }

        http = new HttpApi(config.host(), config.httpPort(), parser, ingest, legacy::broadcastTestEvent,
                this::health, this::validationSummary,
                new ValidationRunRoutes(runStore, runs, tapOffReason, new AdminAuth(config.adminToken())),
                RolloutWiring.routes(rollout, pool, config, legacy),
                new dev.tandem.adapter.http.DashboardRoutes(config.dashboard(),
                        new dev.tandem.adapter.dashboard.RecentEvents(pool, mapper), legacy::statsSnapshot,
                        new dev.tandem.adapter.http.ViewerAuth(new dev.tandem.legacyws.auth.Authenticator(legacy.config()))));
        http.start();
        started.push(http);
        log.info("Tandem is up: HTTP API on http://{}:{} (POST /api/events, GET /health, GET /api/validation/summary,"
                + " the dashboard at /), legacy WebSocket on ws://{}:{}{}", config.host(), http.port(), config.host(),
                legacy.port(), config.wsPath());
    }

    private void startValidation(CanonicalMapping mapping) throws StartupException {
        if (config.supabase().source() == RealtimeSource.SUPABASE) {
            startSupabaseValidation(mapping);
            return;
        }
        if (config.tap() == TapMode.OFF) {
            tapOffReason = "the replication tap is turned off (TANDEM_TAP=off)";
            log.info("validation off: {}", tapOffReason);
            return;
        }
        List<String> problems;
        try (Connection c = pool.getConnection()) {
            problems = TapPreflight.problems(c, PUBLICATION, config.tapSlot());
        } catch (SQLException e) {
            throw new StartupException("could not check replication settings: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            tapOffReason = String.join("; ", problems);
            if (config.tap() == TapMode.ON) {
                throw new StartupException("the replication tap cannot run (TANDEM_TAP=on): " + tapOffReason);
            }
            log.warn("validation OFF, Tandem runs without the replication tap: {}. Ingest, the legacy WebSocket"
                    + " and the Postgres writes work; fix the above (bin/setup-postgres does it for a local server) and restart"
                    + " to compare the two streams.", tapOffReason);
            return;
        }
        TapConfig tapConfig = TapConfig.builder().jdbcUrl(config.dbUrl()).user(config.dbUser())
                .password(config.dbPassword()).slotName(config.tapSlot()).publication(PUBLICATION).build();
        validation = new ValidationRig(tapConfig, observerUri(), OBSERVER_CONNECT_TIMEOUT, mapping, config.instanceId());
        started.push(validation);
        validation.start();
    }

    /** The validator's legacy observer connects to our own legacy socket as a dashboard would. */
    private URI observerUri() {
        return URI.create("ws://127.0.0.1:" + legacy.port() + config.wsPath()
                + "?client_id=" + ValidationRig.OBSERVER_CLIENT_ID + (config.wsAuth().enabled() ? "&token=" + observerToken : ""));
    }

    /** TANDEM_REALTIME_SOURCE=supabase: the realtime side is what Supabase Realtime delivers; no tap, no slot. */
    private void startSupabaseValidation(CanonicalMapping mapping) throws StartupException {
        RealtimeClientConfig client = config.supabase().clientConfig(config.realtime());
        tapOffReason = "the validator watches Supabase Realtime (" + Setting.REALTIME_SOURCE.env() + "=supabase)";
        validation = new ValidationRig(client, observerUri(), OBSERVER_CONNECT_TIMEOUT, mapping, config.instanceId());
        started.push(validation);
        try {
            validation.start();
        } catch (RealtimeException e) {
            throw new StartupException("the Supabase Realtime observer cannot run: " + e.getMessage(), e);
        }
        log.info("validation on: legacy observer connected, Supabase Realtime observer on {}", client.endpoint());
    }

    /** Closed runs project Realtime capacity for the legacy dashboards connected now, less the built-in observer. */
    private RunSource runSource() {
        return () -> validation.closeRunAndStartNext(Math.max(0, legacy.connectedClients() - 1));
    }

    /** The writer, with its outage buffer opened (and locked) in the configured directory. */
    private EventWriter openWriter() throws StartupException {
        OutageSettings outage = config.outage();
        WriterConfig writerConfig = WriterConfig.builder().outageDir(outage.dir()).outageMaxBytes(outage.maxBytes()).build();
        try {
            EventWriter w = new EventWriter(pool, writerConfig);
            log.info("outage buffer: {}, at most {} bytes ({}), policy {}; {} events in it", outage.dir(),
                    outage.maxBytes(), Setting.OUTAGE_MAX_BYTES.env(), OutageBuffer.FULL_POLICY,
                    w.stats().outage().records());
            return w;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new StartupException(e.getMessage() + " (set " + Setting.OUTAGE_DIR.label() + " to another directory"
                    + " if this one cannot be used)", e);
        }
    }

    /** Continues this instance's sequence after a restart, so (source, seq) never repeats. */
    private long lastSeq(String source) throws StartupException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM monitoring_events WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StartupException("could not read the last sequence number of " + source + ": " + e.getMessage(), e);
        }
    }

    ObjectNode health() {
        ObjectNode h = mapper.createObjectNode();
        WriterStats w = writer.stats();
        // A breaker that is not closed already knows Postgres is failing; asking the pool would only wait out its
        // connection timeout.
        boolean dbUp = w.breaker() == CircuitBreaker.State.CLOSED && databaseAnswers();
        h.put("status", dbUp ? "ok" : "degraded");
        h.put("instance_id", config.instanceId());
        h.put("database", dbUp ? "up" : "down");
        h.put("last_seq", ingest.lastSeq());
        h.put("legacy_clients", legacy.connectedClients());
        OutageBuffer.Stats o = w.outage();
        h.put("durable_to", w.breaker() == CircuitBreaker.State.CLOSED && o.records() == 0 ? "postgres" : "outage_buffer");
        h.putObject("writer").put("rows_written", w.rowsWritten()).put("batches_written", w.batchesWritten())
                .put("retries", w.retries()).put("queued_rows", w.queuedRows()).put("last_error", w.lastError())
                .put("breaker", w.breaker().name().toLowerCase(Locale.ROOT)).put("breaker_opens", w.breakerOpens())
                .put("rows_spilled", w.rowsSpilled()).put("rows_replayed", w.rowsReplayed())
                .put("rows_refused", w.rowsRefused());
        h.putObject("outage_buffer").put("dir", o.dir().toString()).put("events", o.records()).put("bytes", o.bytes())
                .put("max_bytes", o.maxBytes()).put("reserved_bytes", o.reservedBytes()).put("segments", o.segments())
                .put("full_policy", OutageBuffer.FULL_POLICY).put("truncated_bytes_at_start", o.truncatedBytes());
        ObjectNode kept = h.putObject("retention").put("days", config.retentionDays());
        if (retention != null) {
            EventRetention.Stats r = retention.stats();
            kept.put("runs", r.runs()).put("rows_deleted", r.rowsDeleted()).put("last_error", r.lastError());
        }
        var flags = rollout.current();
        h.putObject("rollout").put("stage", flags.stage().name())
                .put("realtime_percentage", flags.effectiveBasisPoints() / 100.0)
                .put("kill_switch", flags.enabled(dev.tandem.adapter.rollout.TandemFeature.KILL_SWITCH))
                .put("legacy_broadcast", flags.legacyBroadcast())
                .put("dual_write", flags.enabled(dev.tandem.adapter.rollout.TandemFeature.DUAL_WRITE));
        ObjectNode tap = h.putObject("tap");
        if (validation == null) {
            tap.put("state", "off").put("reason", tapOffReason);
        } else if (validation.tap() == null) {
            tap.put("state", "off").put("reason", tapOffReason);
            var r = validation.supabase().stats();
            h.putObject("realtime_observer").put("source", "supabase").put("connected", r.connected())
                    .put("ready_channels", r.readyChannels()).put("changes", r.changes()).put("broadcasts", r.broadcasts())
                    .put("reconnects", r.reconnects()).put("rejoins", r.rejoins()).put("dropped", r.dropped())
                    .put("last_error", r.lastError());
        } else {
            var t = validation.tap().stats();
            tap.put("state", t.connected() ? "streaming" : "reconnecting").put("slot", config.tapSlot())
                    .put("transactions", t.transactions()).put("changes", t.changes())
                    .put("last_acked_lsn", t.lastAckedLsn()).put("reconnects", t.reconnects())
                    .put("last_error", t.lastError());
        }
        // Also when the tap is off: a slot left behind still holds WAL on the server.
        slotStatus(dbUp).ifPresent(st -> tap.put("slot_active", st.active())
                .put("confirmed_flush_lsn", st.confirmedFlushLsn()).put("lag_bytes", st.lagBytes())
                .put("retained_wal_bytes", st.retainedWalBytes()));
        return h;
    }

    /** The tap's slot as the server reports it; empty when it does not exist or cannot be read right now. */
    private Optional<SlotStatus> slotStatus(boolean dbUp) {
        if (!dbUp) { // the pool would only wait out its connection timeout
            return Optional.empty();
        }
        try (Connection c = pool.getConnection()) {
            return SlotStatus.read(c, config.tapSlot());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private boolean databaseAnswers() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    ObjectNode validationSummary() {
        if (validation == null) {
            ObjectNode o = mapper.createObjectNode();
            o.put("enabled", false);
            o.put("reason", tapOffReason);
            return o;
        }
        return validation.summaryJson(mapper);
    }

    public int httpPort() {
        return http.port();
    }

    public int wsPort() {
        return legacy.port();
    }

    public IngestService ingest() {
        return ingest;
    }

    /** The rollout flags and stage. */
    public dev.tandem.adapter.rollout.Rollout rollout() {
        return rollout;
    }

    /** The validator's figures, when validation runs. */
    public Optional<dev.tandem.validation.ValidationSummary> validation() {
        return Optional.ofNullable(validation).map(ValidationRig::summary);
    }

    /** The tap's figures, when it runs. */
    public Optional<dev.tandem.realtimebridge.tap.TapStats> tapStats() {
        return Optional.ofNullable(validation).map(ValidationRig::tap).map(t -> t.stats());
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("while stopping: {}", e.toString());
            }
        }
    }
}
