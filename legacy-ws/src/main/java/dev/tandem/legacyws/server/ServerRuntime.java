package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.ExportSource;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.ProducerIngest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server behind {@code LegacyServer}: lifecycle and the parts wired together. Internal; use
 * {@code dev.tandem.legacyws.LegacyServer}.
 */
public final class ServerRuntime {
    /** How long start() waits for the socket to be bound. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How often queued frames that lost their write interest are looked for (see LegacyEngine.resumeStalledWrites). */
    static final Duration WRITE_STALL_CHECK_PERIOD = Duration.ofMillis(10);
    /** How long stop() waits, after draining, for Java-WebSocket's threads to finish and release the port. */
    static final Duration ENGINE_STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

    private enum State { NEW, RUNNING, STOPPED }

    private final LegacyServerConfig config;
    private final ScheduledThreadPoolExecutor housekeeping;
    private final LegacyHub hub;
    private final LegacyEngine engine;
    private State state = State.NEW; // guarded by this
    private int boundPort = -1; // guarded by this

    public ServerRuntime(LegacyServerConfig config) {
        this.config = config;
        // One thread for timers: the write-stall check, and slow-client close deadlines. Its queue holds the
        // one periodic task plus at most one task per connection evicted: bounded by the number of connections.
        this.housekeeping = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("legacy-ws-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.setRemoveOnCancelPolicy(true);
        this.hub = new LegacyHub(config, housekeeping);
        this.engine = new LegacyEngine(new InetSocketAddress(config.host(), config.port()), config, hub);
    }

    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("a legacy-ws server can be started once; this one is " + state);
        }
        String where = config.host() + ":" + config.port();
        engine.start();
        try {
            engine.awaitStarted(START_TIMEOUT, where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = State.STOPPED;
            stopEngine();
            throw new IllegalStateException("interrupted while starting legacy-ws on " + where, e);
        } catch (IllegalStateException e) {
            state = State.STOPPED;
            housekeeping.shutdownNow();
            hub.async.shutdown();
            throw e;
        }
        boundPort = engine.getPort();
        state = State.RUNNING;
        long period = WRITE_STALL_CHECK_PERIOD.toMillis();
        housekeeping.scheduleWithFixedDelay(this::resumeStalledWrites, period, period, TimeUnit.MILLISECONDS);
        long ping = config.pingInterval().toMillis();
        // HealthMonitor.run catches per client, so one failure never cancels the schedule.
        housekeeping.scheduleAtFixedRate(new HealthMonitor(hub), ping, ping, TimeUnit.MILLISECONDS);
        log.info("legacy-ws listening on ws://{}:{}{}", config.host(), boundPort, config.path());
    }

    public synchronized int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("legacy-ws server has not been started");
        }
        return boundPort;
    }

    public ObjectNode statsSnapshot() {
        return hub.statsSnapshot();
    }

    LegacyHub hub() {
        return hub;
    }

    public int connectedClients() {
        return hub.connectedClients();
    }

    public java.util.List<dev.tandem.legacyws.ConnectedClient> clients() {
        return hub.clients();
    }

    public void publish(LegacyEvent event) {
        hub.publish(event);
    }

    public String broadcastTestEvent(String message) {
        return hub.broadcastTestEvent(message);
    }

    public void sendControl(String clientId, String message) {
        hub.sendCritical(null, clientId, message);
    }

    public void producerIngest(ProducerIngest ingest) {
        hub.producerIngest = ingest;
    }

    public void exportSource(ExportSource source) {
        hub.exportSource = source;
    }

    /**
     * Refuses new sessions, closes every client with 1001 behind what it already has queued, waits up to
     * {@code drain} for them to finish, drops the rest, and stops listening.
     */
    public synchronized void stop(Duration drain) {
        if (state != State.RUNNING) {
            state = State.STOPPED;
            housekeeping.shutdownNow();
            hub.async.shutdown();
            return;
        }
        state = State.STOPPED;
        hub.refuseNewSessions();
        // Behind what each client already has queued, so a drained client got everything before the 1001.
        for (ClientSession session : hub.sessions()) {
            session.socket().close(CloseFrame.GOING_AWAY, LegacyHub.GOING_AWAY_REASON);
        }
        try {
            if (!hub.registry.awaitEmpty(drain)) {
                log.info("legacy-ws: {} clients still closing after {}; dropping them", hub.connectedClients(), drain);
                closeRemaining();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeRemaining();
        } finally {
            stopEngine();
            housekeeping.shutdownNow();
            hub.async.shutdown();
        }
        log.info("legacy-ws on port {} stopped", boundPort);
    }

    /** Drops the sockets of sessions that did not finish closing in time. */
    private void closeRemaining() {
        for (ClientSession session : hub.sessions()) {
            log.info("dropping client {} ({}, {} frames unsent)", session.clientId(),
                    session.socket().getReadyState(), session.queuedMessages());
            session.socket().closeConnection(CloseFrame.GOING_AWAY, LegacyHub.GOING_AWAY_REASON);
        }
    }

    private void resumeStalledWrites() {
        try {
            int resumed = engine.resumeStalledWrites(hub.sessions());
            if (resumed > 0) {
                hub.counters.writeStallsResumed.add(resumed);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep checking.
            log.warn("legacy-ws: write-stall check failed", e);
        }
    }

    private void stopEngine() {
        try {
            engine.stop((int) ENGINE_STOP_TIMEOUT.toMillis(), LegacyHub.GOING_AWAY_REASON);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
