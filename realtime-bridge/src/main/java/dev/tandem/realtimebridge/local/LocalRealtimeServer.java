package dev.tandem.realtimebridge.local;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.tap.TapListener;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local endpoint that speaks Supabase Realtime's client protocol (Postgres Changes, heartbeats, token refresh,
 * broadcast, limits) well enough for supabase-js and Tandem's own client, fed by the replication tap. For
 * development and tests only: one process, no clustering, no presence, no private channels, no
 * Broadcast from Database, no connect-error backoff; never expose it as if it were Supabase.
 *
 * <p>Feed it either with {@link #startTap(TapConfig)} (its own tap on its own slot) or by adding
 * {@link #tapListener()} to a tap that already runs.
 */
public final class LocalRealtimeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalRealtimeServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How often silent sockets and stalled writes are looked for. */
    private static final Duration WRITE_CHECK_INTERVAL = Duration.ofMillis(50);

    private final LocalRealtimeConfig config;
    private final HikariDataSource pool;
    private final Subscribers subscribers = new Subscribers();
    private final RealtimeEngine engine;
    private final ChangeFanout fanout;
    private final ScheduledExecutorService housekeeping;
    private volatile ReplicationTap tap;
    private volatile TapConfig ownSlot;

    private LocalRealtimeServer(LocalRealtimeConfig config) {
        this.config = config;
        this.pool = pool(config);
        Catalog catalog = new Catalog(pool, config.publication());
        ApiKeyVerifier verifier = new ApiKeyVerifier(config, Clock.systemUTC());
        LocalProtocol protocol = new LocalProtocol(config, verifier, catalog, subscribers);
        this.engine = new RealtimeEngine(config, verifier, protocol, subscribers);
        this.fanout = new ChangeFanout(catalog, new RowAccess(pool), subscribers, protocol);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-realtime-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds the port and starts serving; changes arrive once a tap feeds {@link #tapListener()}. */
    public static LocalRealtimeServer start(LocalRealtimeConfig config) {
        LocalRealtimeServer server = new LocalRealtimeServer(config);
        try {
            server.engine.start();
            server.engine.awaitStarted(START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while starting local realtime", e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        long idleCheck = Math.max(10, Math.min(1000, config.idleTimeout().toMillis() / 10));
        server.housekeeping.scheduleWithFixedDelay(server.engine::closeSilent, idleCheck, idleCheck, TimeUnit.MILLISECONDS);
        server.housekeeping.scheduleWithFixedDelay(server.engine::resumeStalledWrites, WRITE_CHECK_INTERVAL.toMillis(),
                WRITE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.warn("local Realtime endpoint FOR DEVELOPMENT AND TESTS ONLY (not Supabase; do not expose it) listening on {}"
                + " (publication {}, {})", server.url(), config.publication(),
                config.acceptAnyKey() ? "ACCEPTING ANY API KEY" : "API keys checked as HS256 JWTs");
        return server;
    }

    /**
     * Starts a replication tap of its own on {@code tapConfig}'s slot, feeding this server. The slot is used like
     * Realtime's temporary slot: one left by an earlier run is dropped first (what happened while nothing served
     * is not delivered, as on Supabase), and close() drops it, so an endpoint that is not running keeps no WAL.
     *
     * @throws IllegalStateException if the slot is in use by another process, or cannot be created
     */
    public synchronized void startTap(TapConfig tapConfig) {
        if (tap != null) {
            throw new IllegalStateException("local realtime already has a tap");
        }
        ReplicationTap.dropSlot(tapConfig.jdbcUrl(), tapConfig.user(), tapConfig.password(), tapConfig.slotName(),
                Duration.ofSeconds(1));
        ReplicationTap t = new ReplicationTap(tapConfig, fanout);
        t.start();
        tap = t;
        ownSlot = tapConfig;
    }

    /** What a running tap calls with each transaction, to have it delivered to subscribers in commit order. */
    public TapListener tapListener() {
        return fanout;
    }

    /** The bound port (the real one when the config asked for 0). */
    public int port() {
        return engine.getPort() != 0 ? engine.getPort() : engine.getAddress().getPort();
    }

    /** The WebSocket URL supabase-js builds from {@code http://host:port}, without the query. */
    public String url() {
        return "ws://" + config.host() + ":" + port() + "/realtime/v1/websocket";
    }

    /** The {@code http://host:port} to give supabase-js's createClient. */
    public String httpUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public LocalRealtimeStats stats() {
        return new LocalRealtimeStats(engine.sockets.size(), subscribers.size(), subscribers.delivered.sum(),
                subscribers.dropped.sum(), subscribers.closedSilent.sum());
    }

    @Override
    public void close() {
        ReplicationTap t = tap;
        if (t != null) {
            t.stop();
            TapConfig slot = ownSlot;
            try {
                ReplicationTap.dropSlot(slot.jdbcUrl(), slot.user(), slot.password(), slot.slotName());
            } catch (IllegalStateException e) {
                log.warn("local realtime: could not drop its slot {}; drop it to release its WAL: {}",
                        slot.slotName(), e.getMessage());
            }
        }
        housekeeping.shutdownNow();
        try {
            engine.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    private static HikariDataSource pool(LocalRealtimeConfig config) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(config.jdbcUrl());
        h.setUsername(config.user());
        h.setPassword(config.password());
        h.setPoolName("local-realtime");
        h.setMaximumPoolSize(2); // the tap thread's row checks, and joins
        h.setMinimumIdle(0);
        h.setInitializationFailTimeout(-1); // start without the database; joins and checks fail loudly then
        return new HikariDataSource(h);
    }
}
