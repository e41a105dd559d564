package dev.tandem.adapter.rollout;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.cache.CachingStateRepository;
import org.togglz.core.user.NoOpUserProvider;

/**
 * The rollout: Togglz flags in {@code rollout_flags}, cached and kept fresh across instances, the stage they make,
 * each dashboard's transport, audited changes with guard rails, and auto-rollback on a NO-GO verdict.
 * Thread-safe. Listeners hear of every change, made here or on another instance, with the states before and after.
 */
public final class Rollout implements AutoCloseable {
    /** How long a cached flag may be served when change notifications are down. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    public static final String AUTO_ROLLBACK_ACTOR = "auto-rollback";
    private static final Logger log = LoggerFactory.getLogger(Rollout.class);

    /** Opens a plain (unpooled) PgJDBC connection to the flags' database, for LISTEN. */
    @FunctionalInterface
    public interface Connector {
        java.sql.Connection open() throws SQLException;
    }

    private final FeatureManager manager;
    private final CachingStateRepository cache;
    private final FlagStore store;
    private final StageGuard guard;
    private final RolloutSettings settings;
    private final Rollout.Connector connector;
    private final List<BiConsumer<FlagSnapshot, FlagSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Object refreshLock = new Object();
    /** The flags as of the latest refresh; written under refreshLock, read without it. */
    private volatile FlagSnapshot last;
    /** System.nanoTime() of the latest refresh attempt, successful or not. */
    private volatile long lastRefreshAttempt;
    private final java.util.concurrent.atomic.AtomicBoolean staleRefresh = new java.util.concurrent.atomic.AtomicBoolean();
    private FlagNotifications notifications;

    /**
     * @param connector opens a plain connection to the same database for LISTEN; null: no notifications (a tool
     *                  that makes one change and exits)
     */
    public Rollout(DataSource db, Rollout.Connector connector, RolloutSettings settings, Clock clock) {
        this.cache = new CachingStateRepository(new PostgresStateRepository(db), CACHE_TTL.toMillis(), TimeUnit.MILLISECONDS);
        this.manager = FeatureManagerBuilder.begin().featureEnum(TandemFeature.class).stateRepository(cache)
                .userProvider(new NoOpUserProvider()).activationStrategy(new RolloutStrategy()).name("tandem").build();
        this.store = new FlagStore(db);
        this.guard = new StageGuard(new RunVerdicts(db), settings.goWindow(), clock);
        this.settings = settings;
        this.connector = connector;
    }

    /** Reads the flags once and starts listening for changes. */
    public Rollout start() {
        synchronized (refreshLock) {
            last = snapshot();
            lastRefreshAttempt = System.nanoTime();
        }
        if (connector != null) {
            notifications = new FlagNotifications(connector, this::refresh).start();
        }
        log.info("rollout: stage {}, {}% of dashboards on Realtime{}", last.stage(),
                last.effectiveBasisPoints() / 100.0, last.enabled(TandemFeature.KILL_SWITCH) ? ", KILL SWITCH ON" : "");
        return this;
    }

    public void onChange(BiConsumer<FlagSnapshot, FlagSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The flags now, through Togglz (cached; refreshed on every change notification). */
    public FlagSnapshot snapshot() {
        Map<TandemFeature, FeatureState> m = new EnumMap<>(TandemFeature.class);
        for (TandemFeature f : TandemFeature.values()) {
            m.put(f, manager.getFeatureState(f));
        }
        return new FlagSnapshot(m);
    }

    /**
     * The flags as of the latest change this instance heard of, without a database lookup: for paths taken per
     * event (legacy broadcast, dual write) and per dashboard request. Refreshed on every change notification, and
     * in the background when the last refresh is older than {@link #CACHE_TTL} (notifications down); while
     * PostgreSQL is unreachable the last flags read stay in force, so ingest keeps working from the outage buffer.
     */
    public FlagSnapshot current() {
        FlagSnapshot f = last;
        if (f == null) {
            throw new IllegalStateException("rollout not started");
        }
        if (System.nanoTime() - lastRefreshAttempt > CACHE_TTL.toNanos() && staleRefresh.compareAndSet(false, true)) {
            // In the background: with PostgreSQL down, a read waits out the pool's timeout, and no caller should.
            Thread.ofVirtual().name("rollout-refresh").start(() -> {
                try {
                    refresh();
                } finally {
                    staleRefresh.set(false);
                }
            });
        }
        return f;
    }

    public Decision decide(ClientAttributes client) {
        return snapshot().decide(client);
    }

    public RolloutSettings settings() {
        return settings;
    }

    /** Why moving to {@code target} now would be refused; empty when it would not. */
    public List<String> guardFailures(Stage target, Integer basisPoints) throws SQLException {
        FlagSnapshot now = store.read();
        return guard.failures(now, target, canaryBasisPoints(now, basisPoints));
    }

    /** Changes one flag (see {@link FlagUpdate}); refused when it would step the stage forward unsafely. */
    public RolloutChange setFlag(TandemFeature flag, FlagUpdate update, String actor, String reason)
            throws SQLException, RolloutRefusedException {
        RolloutChange r = store.change(actor, reason, current -> {
            FeatureState s = FlagChange.apply(current.state(flag), update);
            Map<TandemFeature, FeatureState> next = new EnumMap<>(TandemFeature.class);
            for (TandemFeature f : TandemFeature.values()) {
                next.put(f, f == flag ? s : current.state(f));
            }
            FlagSnapshot after = new FlagSnapshot(next);
            List<String> failed = new ArrayList<>(guard.failures(current, after.stage(), after.rollout().basisPoints()));
            if (!after.enabled(TandemFeature.LEGACY_BROADCAST) && after.stage() != Stage.LEGACY_OFF) {
                failed.add("LEGACY_BROADCAST off needs every dashboard on Realtime (stage LEGACY_OFF); stage would be "
                        + after.stage());
            } else if (!after.enabled(TandemFeature.LEGACY_BROADCAST) && current.enabled(TandemFeature.LEGACY_BROADCAST)) {
                failed.addAll(guard.failures(current, Stage.LEGACY_OFF, RolloutStrategy.BUCKETS));
            }
            if (!failed.isEmpty()) {
                throw new RolloutRefusedException("setting " + flag, failed);
            }
            return List.of(s);
        });
        refresh();
        return r;
    }

    /**
     * Moves to {@code target} (any stage; forward steps guarded). {@code basisPoints}: the share at CANARY, 1..9,999
     * hundredths of a percent; null: the current canary share, else the configured one.
     */
    public RolloutChange moveTo(Stage target, Integer basisPoints, String actor, String reason)
            throws SQLException, RolloutRefusedException {
        RolloutChange r = store.change(actor, reason, current -> {
            int bp = canaryBasisPoints(current, basisPoints);
            List<String> failed = new ArrayList<>();
            if (target == Stage.CANARY && (bp < 1 || bp >= RolloutStrategy.BUCKETS)) {
                failed.add("percentage at CANARY must be more than 0 and less than 100, got " + bp / 100.0);
            }
            failed.addAll(guard.failures(current, target, bp));
            if (!failed.isEmpty()) {
                throw new RolloutRefusedException("stage " + current.stage() + " -> " + target, failed);
            }
            return StagePlan.statesFor(target, current, bp);
        });
        refresh();
        return r;
    }

    public RolloutChange advance(Integer basisPoints, String actor, String reason)
            throws SQLException, RolloutRefusedException {
        Stage from = store.read().stage();
        if (from.next() == null) {
            throw new RolloutRefusedException("advance", List.of("stage is already " + from + ", the last one"));
        }
        return moveTo(from.next(), basisPoints, actor, reason);
    }

    public RolloutChange rollback(String actor, String reason) throws SQLException, RolloutRefusedException {
        Stage from = store.read().stage();
        if (from.previous() == null) {
            throw new RolloutRefusedException("rollback", List.of("stage is already " + from + ", the first one"));
        }
        return moveTo(from.previous(), null, actor, reason);
    }

    /**
     * A validation run closed. On NO-GO, with AUTO_ROLLBACK and VALIDATION on and dashboards on Realtime, drops to
     * SHADOW with REALTIME_CLIENTS off at 0%, audited as {@value #AUTO_ROLLBACK_ACTOR}, and warns with the reasons.
     */
    public Optional<RolloutChange> onVerdict(String runId, String verdict, List<String> reasons) throws SQLException {
        if (RunVerdicts.GO.equals(verdict)) {
            return Optional.empty();
        }
        String why = verdict + " verdict of validation run " + runId + ": " + String.join("; ", reasons);
        RolloutChange r;
        try {
            r = store.change(AUTO_ROLLBACK_ACTOR, why, current -> {
                boolean due = current.enabled(TandemFeature.AUTO_ROLLBACK) && current.enabled(TandemFeature.VALIDATION)
                        && current.enabled(TandemFeature.REALTIME_CLIENTS);
                return due ? StagePlan.statesFor(Stage.SHADOW, current, 0) : List.of();
            });
        } catch (RolloutRefusedException e) {
            throw new IllegalStateException("auto-rollback plans never refuse", e);
        }
        if (r.flagsWritten() == 0) {
            return Optional.empty();
        }
        log.warn("AUTO-ROLLBACK: stage {} -> {}, every dashboard back on legacy, because of the {}",
                r.before().stage(), r.after().stage(), why);
        refresh();
        return Optional.of(r);
    }

    /**
     * Drops cached flags and tells listeners when anything changed. Called on every notification. When the flags
     * cannot be read the last ones stay in force (logged).
     */
    void refresh() {
        synchronized (refreshLock) {
            lastRefreshAttempt = System.nanoTime();
            cache.clear();
            FlagSnapshot now;
            try {
                now = snapshot();
            } catch (RuntimeException e) {
                log.warn("could not read the rollout flags; the last ones read stay in force: {}", e.getMessage());
                return;
            }
            FlagSnapshot before = last;
            last = now;
            if (before == null || before.sameAs(now)) {
                return;
            }
            for (BiConsumer<FlagSnapshot, FlagSnapshot> l : listeners) {
                try {
                    l.accept(before, now);
                } catch (RuntimeException e) {
                    log.warn("a rollout change listener failed: {}", e.toString(), e);
                }
            }
        }
    }

    private int canaryBasisPoints(FlagSnapshot current, Integer basisPoints) {
        if (basisPoints != null) {
            return basisPoints;
        }
        int now = current.rollout().basisPoints();
        return current.stage() == Stage.CANARY && now > 0 ? now : settings.canaryBasisPoints();
    }

    boolean listening() {
        return notifications != null && notifications.listening();
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
    }
}
