package dev.tandem.adapter.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.LegacyObserver;
import dev.tandem.realtimebridge.ExponentialBackoff;
import dev.tandem.realtimebridge.supabase.RealtimeClient;
import dev.tandem.realtimebridge.supabase.RealtimeClientConfig;
import dev.tandem.realtimebridge.supabase.RealtimeEvent;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.tap.TapTransaction;
import dev.tandem.validation.Side;
import dev.tandem.validation.ValidationSummary;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two observers and the validator they feed: a real legacy protocol client on the broadcaster's
 * socket, and the replication tap on the {@code supabase_realtime} publication.
 *
 * <p>The legacy observer is held to the same slow-client rule as any dashboard, so under a burst it can be
 * disconnected. It then reconnects with backoff and resumes after the last seq it saw, as a dashboard would,
 * so the server replays what it still buffers. Events older than the buffer are gone for the observer: the
 * validator counts them as unobserved on legacy, not missing ({@code Validator#markUnobserved}); the summary
 * reports them ({@code legacy_unobserved_events}) and the disconnects next to that figure.
 */
final class ValidationRig implements AutoCloseable {
    /** The client id the built-in legacy observer connects with, so it is recognisable in session stats. */
    static final String OBSERVER_CLIENT_ID = "tandem-validator";
    static final String EVENTS_TABLE = "monitoring_events";
    private static final Logger log = LoggerFactory.getLogger(ValidationRig.class);

    static final Duration RECONNECT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration RECONNECT_MAX_BACKOFF = Duration.ofSeconds(10);

    private final Validator validator;
    private final CanonicalMapping mapping;
    /** The realtime-side observer: the tap, or (TANDEM_REALTIME_SOURCE=supabase) a Realtime client; the other is null. */
    private final ReplicationTap tap;
    private final RealtimeClient supabase;
    private final URI legacyUri;
    private final Duration connectTimeout;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "legacy-observer-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final ExponentialBackoff backoff = new ExponentialBackoff(RECONNECT_INITIAL_BACKOFF, RECONNECT_MAX_BACKOFF);
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final AtomicLong observerDisconnects = new AtomicLong();
    private final AtomicLong observerConnects = new AtomicLong();
    private final AtomicLong unobserved = new AtomicLong();
    /** The highest seq the legacy observer has seen; where a reconnect resumes. */
    private final AtomicLong lastLegacySeq = new AtomicLong(-1);
    private volatile LegacyObserver observer;
    private volatile boolean closing;

    ValidationRig(TapConfig tapConfig, URI legacyUri, Duration connectTimeout, CanonicalMapping mapping) {
        this(tapConfig, legacyUri, connectTimeout, mapping, "");
    }

    /** @param source what the reports name as the run's source: this instance's id */
    ValidationRig(TapConfig tapConfig, URI legacyUri, Duration connectTimeout, CanonicalMapping mapping,
            String source) {
        this(tapConfig, null, legacyUri, connectTimeout, mapping, source);
    }

    /** Watches the realtime side as a dashboard does: through Supabase Realtime, timing each row on arrival. */
    ValidationRig(RealtimeClientConfig supabaseConfig, URI legacyUri, Duration connectTimeout, CanonicalMapping mapping,
            String source) {
        this(null, supabaseConfig, legacyUri, connectTimeout, mapping, source);
    }

    /** Exactly one of {@code tapConfig} and {@code supabaseConfig} is given. */
    private ValidationRig(TapConfig tapConfig, RealtimeClientConfig supabaseConfig, URI legacyUri,
            Duration connectTimeout, CanonicalMapping mapping, String source) {
        this.validator = new Validator(ValidatorConfig.builder().source(source).build());
        this.mapping = mapping;
        this.legacyUri = legacyUri;
        this.connectTimeout = connectTimeout;
        this.tap = tapConfig == null ? null : new ReplicationTap(tapConfig, this::onTransaction);
        this.supabase = supabaseConfig == null ? null : new RealtimeClient(supabaseConfig, this::onRealtimeEvent);
    }

    /** Starts the tap first: its slot fixes the point from which every committed row is delivered. */
    void start() {
        startRealtimeSide();
        LegacyObserver first = newObserver(-1);
        first.connect(connectTimeout);
        observer = first;
        observerConnects.incrementAndGet();
        log.info("validation on: legacy observer connected, replication tap streaming");
    }

    /**
     * A Realtime client counts as up once its channel is subscribed; if that takes longer than the connect
     * timeout Tandem starts anyway (the client keeps trying) and rows before that count as missing on realtime.
     *
     * @throws dev.tandem.realtimebridge.supabase.RealtimeException when the join was refused for good
     */
    private void startRealtimeSide() {
        if (tap != null) {
            tap.start();
            return;
        }
        supabase.start();
        try {
            if (!supabase.awaitReady(connectTimeout)) {
                log.warn("Supabase Realtime observer not subscribed within {} ({}); it keeps trying, and events before"
                        + " it is count as missing on realtime", connectTimeout, supabase.stats().lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onRealtimeEvent(RealtimeEvent e) {
        TapChange change = e.change();
        if (change != null && change.op() == TapChange.Op.INSERT && EVENTS_TABLE.equals(change.table())) {
            validator.observe(Side.REALTIME, mapping.fromRow(change.columns(), e.receivedAtMicros()));
        } else if (e instanceof RealtimeEvent.Disconnected || e instanceof RealtimeEvent.ChannelClosed
                || e instanceof RealtimeEvent.JoinFailed) {
            log.warn("Supabase Realtime observer: {}; events until it is back are missed, as a dashboard would miss them", e);
        }
    }

    private LegacyObserver newObserver(long resumeAfter) {
        return new LegacyObserver(legacyUri, new LegacyObserver.Listener() {
            @Override
            public void onEvent(JsonNode event, long receivedAtMicros) {
                lastLegacySeq.accumulateAndGet(event.path("seq").asLong(-1), Math::max);
                validator.observe(Side.LEGACY, mapping.fromLegacyMessage(event, receivedAtMicros));
            }

            @Override
            public void onInitialStats(JsonNode message) {
                // The first connection's baseline: a later resume must not replay what came before it started.
                long newest = 0;
                for (JsonNode e : message.path("recent_events")) {
                    newest = Math.max(newest, e.path("seq").asLong(0));
                }
                long baseline = newest;
                lastLegacySeq.compareAndSet(-1, baseline);
            }

            @Override
            public void onGap(long resumedAfter, long firstSeq) {
                unobserved.addAndGet(Math.max(0, firstSeq - resumedAfter - 1));
                // Seqs of this instance: the legacy server broadcasts its own events only.
                validator.markUnobserved(Side.LEGACY, null, resumedAfter + 1, firstSeq - 1);
            }

            @Override
            public void onClosed(int code, String reason) {
                if (!closing) {
                    observerDisconnects.incrementAndGet();
                    log.warn("legacy observer disconnected ({} {}); it resumes when it reconnects, and events the"
                            + " server no longer buffers by then count as unobserved on legacy", code, reason);
                    scheduleReconnect();
                }
            }
        }, resumeAfter);
    }

    private void scheduleReconnect() {
        if (closing || !reconnectPending.compareAndSet(false, true)) {
            return;
        }
        Duration delay = backoff.next();
        reconnector.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        reconnectPending.set(false);
        if (closing) {
            return;
        }
        LegacyObserver next = newObserver(lastLegacySeq.get());
        try {
            next.connect(connectTimeout);
            observer = next;
            observerConnects.incrementAndGet();
            backoff.reset();
            log.info("legacy observer reconnected to {}", dev.tandem.legacyws.LegacyObserver.redacted(legacyUri));
        } catch (IllegalStateException e) {
            log.warn("legacy observer could not reconnect: {}", e.getMessage());
            next.close();
            scheduleReconnect();
        }
    }

    /** How often the legacy observer has connected, the first time included. */
    long observerConnects() {
        return observerConnects.get();
    }

    /** How often the legacy observer lost its connection: each time, some events went unobserved. */
    long observerDisconnects() {
        return observerDisconnects.get();
    }

    private void onTransaction(TapTransaction tx) {
        long now = nowMicros();
        for (TapChange change : tx.changes()) {
            if (change.op() == TapChange.Op.INSERT && EVENTS_TABLE.equals(change.table())) {
                validator.observe(Side.REALTIME, mapping.fromRow(change.columns(), now));
            }
        }
    }

    /** Null when the realtime side is watched through Supabase Realtime. */
    ReplicationTap tap() {
        return tap;
    }

    /** Null when the realtime side is watched through the tap. */
    RealtimeClient supabase() {
        return supabase;
    }

    ValidationSummary summary() {
        return validator.summary();
    }

    /** Ends the validator's current run and starts the next; the ended run's report (tandem.validation.report/1). */
    JsonNode closeRunAndStartNext(int dashboards) {
        return validator.nextRun(dashboards).toJsonTree();
    }

    ObjectNode summaryJson(ObjectMapper mapper) {
        ObjectNode o = toJson(mapper, summary());
        o.put("legacy_observer_disconnects", observerDisconnects());
        o.put("legacy_unobserved_events", unobserved.get());
        return o;
    }

    private static ObjectNode toJson(ObjectMapper mapper, ValidationSummary s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("enabled", true);
        o.put("legacy_seen", s.legacySeen());
        o.put("realtime_seen", s.realtimeSeen());
        o.put("matched", s.matched());
        o.put("mismatched", s.mismatched());
        o.put("missing_on_legacy", s.missingOnLegacy());
        o.put("missing_on_realtime", s.missingOnRealtime());
        o.put("pending_legacy_only", s.pendingLegacyOnly());
        o.put("pending_realtime_only", s.pendingRealtimeOnly());
        o.put("duplicates_legacy", s.duplicatesLegacy());
        o.put("duplicates_realtime", s.duplicatesRealtime());
        o.put("late", s.late());
        ArrayNode samples = o.putArray("mismatch_samples");
        for (ValidationSummary.Mismatch m : s.mismatchSamples()) {
            ObjectNode sample = samples.addObject().put("event_id", m.eventId());
            ArrayNode diffs = sample.putArray("differences");
            for (ValidationSummary.FieldDifference d : m.differences()) {
                diffs.addObject().put("field", d.field()).put("legacy", d.legacy()).put("realtime", d.realtime());
            }
        }
        return o;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public void close() {
        closing = true;
        reconnector.shutdownNow();
        LegacyObserver current = observer;
        if (current != null) {
            current.close();
        }
        if (tap != null) {
            tap.stop();
        }
        if (supabase != null) {
            supabase.close();
        }
    }
}
