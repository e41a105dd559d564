package dev.tandem.realtimebridge.tap;

import dev.tandem.realtimebridge.ExponentialBackoff;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed changes of a publication from a logical replication slot (pgoutput) and hands them to a
 * {@link TapListener} one transaction at a time, on its own daemon thread. At least once: a transaction's end
 * LSN is acknowledged only after the listener has handled it, and a lost connection is re-established with
 * backoff, resuming from the slot, which re-sends everything not yet acknowledged. The slot outlives the tap
 * (only {@link #dropSlot} removes it); how far behind it is, and how much WAL it keeps, is {@link SlotStatus}.
 */
public final class ReplicationTap {
    private static final Logger log = LoggerFactory.getLogger(ReplicationTap.class);
    /** How long stop() waits for the listener to finish its transaction before closing the connection under it. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long dropSlot waits for a just-stopped session to let go of the slot. */
    private static final Duration DROP_WAIT = Duration.ofSeconds(10);

    private final TapConfig config;
    private final TapListener listener;
    /** Sees every decoded message before it is assembled; tests use it to act between a Begin and its Commit. */
    private final Consumer<PgOutputMessage> probe;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile String lastAckedLsn;
    private volatile String lastError;
    private volatile boolean running;
    /** Guarded by this, with {@code thread}. */
    private boolean stopped;
    private volatile ReplicationSession session;
    private Thread thread;

    public ReplicationTap(TapConfig config, TapListener listener) {
        this(config, listener, message -> { });
    }

    ReplicationTap(TapConfig config, TapListener listener, Consumer<PgOutputMessage> probe) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /**
     * Creates the slot if it does not exist, then starts streaming. Once this returns, every transaction that
     * commits afterwards will be delivered (the slot holds the WAL until it is acknowledged).
     *
     * @throws IllegalStateException if the slot cannot be checked or created (connection, permissions,
     *     wal_level: {@link TapPreflight} says which), or the tap was started before
     */
    public synchronized void start() {
        if (thread != null || stopped) {
            throw new IllegalStateException("tap on slot " + config.slotName() + " already started or stopped;"
                    + " taps are single-use, create a new one on the same slot to resume");
        }
        try (Connection c = SlotAdmin.connect(config.jdbcUrl(), config.user(), config.password())) {
            if (SlotAdmin.ensure(c, config.slotName())) {
                log.info("created replication slot {} (pgoutput)", config.slotName());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare replication slot " + config.slotName() + " on "
                    + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(this::run, "replication-tap-" + config.slotName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops streaming and closes the connection, letting the listener finish its transaction first. Keeps the slot. */
    public void stop() {
        Thread t;
        synchronized (this) { // waits for a start() in progress, so it cannot start a thread after this
            stopped = true;
            running = false;
            t = thread;
        }
        if (t == null || !t.isAlive() || t == Thread.currentThread()) {
            return; // called from the listener: the loop ends once the listener returns
        }
        LockSupport.unpark(t);
        try {
            t.join(STOP_TIMEOUT);
            if (t.isAlive()) {
                log.warn("tap on slot {}: listener still busy after {}; closing the connection under it",
                        config.slotName(), STOP_TIMEOUT);
                ReplicationSession s = session;
                if (s != null) {
                    s.close();
                }
                t.interrupt();
                t.join(STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drops a slot, and with it the WAL it retains and every change not yet read from it; a no-op if it does
     * not exist. Waits briefly for a just-stopped tap to release it.
     *
     * @throws IllegalStateException if the slot is still in use, or the database cannot be reached
     */
    public static void dropSlot(String jdbcUrl, String user, String password, String slotName) {
        dropSlot(jdbcUrl, user, password, slotName, DROP_WAIT);
    }

    /** As {@link #dropSlot(String, String, String, String)}, waiting at most {@code waitForRelease}. */
    public static void dropSlot(String jdbcUrl, String user, String password, String slotName, Duration waitForRelease) {
        TapConfig.requireSlotName(slotName);
        Objects.requireNonNull(waitForRelease, "waitForRelease");
        try (Connection c = SlotAdmin.connect(jdbcUrl, user, password)) {
            SlotAdmin.drop(c, slotName, waitForRelease);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop replication slot " + slotName + ": " + e.getMessage(), e);
        }
    }

    public TapStats stats() {
        return new TapStats(transactions.get(), changes.get(), lastAckedLsn, session != null, reconnects.get(),
                listenerFailures.get(), lastError);
    }

    private void run() {
        ExponentialBackoff backoff = new ExponentialBackoff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff());
        boolean connectedBefore = false;
        while (running) {
            try (ReplicationSession s = ReplicationSession.open(config)) {
                session = s;
                if (connectedBefore) {
                    reconnects.incrementAndGet();
                }
                connectedBefore = true;
                backoff.reset();
                log.info("tap streaming slot {} (publication {})", config.slotName(), config.publication());
                stream(s);
            } catch (Exception e) {
                if (!running) {
                    break; // stop() closed the connection under us
                }
                lastError = "replication stream: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                Duration delay = backoff.next();
                log.warn("tap on slot {} lost its stream, reconnecting in {} ms: {}", config.slotName(),
                        delay.toMillis(), lastError);
                pause(delay);
            } finally {
                session = null;
            }
        }
        log.info("tap on slot {} stopped; last acknowledged LSN {}", config.slotName(), lastAckedLsn);
    }

    /** Reads until stopped; a fresh decoder and assembler per session, since relations are re-sent per session. */
    private void stream(ReplicationSession s) throws SQLException {
        PgOutputDecoder decoder = new PgOutputDecoder();
        TransactionAssembler assembler = new TransactionAssembler();
        while (running) {
            ByteBuffer message = s.readPending();
            if (message == null) {
                pause(config.pollInterval());
                continue;
            }
            PgOutputMessage decoded = decoder.decode(message);
            probe.accept(decoded);
            Optional<TapTransaction> tx = assembler.accept(decoded);
            if (tx.isPresent()) {
                deliver(tx.get());
                s.acknowledge(LogSequenceNumber.valueOf(tx.get().endLsn()));
                lastAckedLsn = tx.get().endLsn();
            }
        }
    }

    /**
     * Hands a transaction to the listener. A failure is logged and counted and the tap moves on (the
     * transaction is then acknowledged like any other): one bad transaction must not stop the feed.
     * Transactions without published changes are acknowledged without bothering the listener.
     */
    private void deliver(TapTransaction tx) {
        if (tx.changes().isEmpty()) {
            return;
        }
        try {
            listener.onTransaction(tx);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            listenerFailures.incrementAndGet();
            lastError = "listener failed on xid " + tx.xid() + " at " + tx.commitLsn() + ": " + e;
            log.error("tap listener failed on transaction xid {} (commit LSN {}, end LSN {}); continuing",
                    tx.xid(), tx.commitLsn(), tx.endLsn(), e);
        }
        transactions.incrementAndGet();
        changes.addAndGet(tx.changes().size());
    }

    /** Waits up to {@code delay}, returning early when stop() is called. */
    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }
}
