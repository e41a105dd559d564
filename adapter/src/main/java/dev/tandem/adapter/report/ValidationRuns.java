package dev.tandem.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes validation runs and keeps them: on demand ({@code POST /api/validation/check}), every period, and once
 * more when stopped, so the run in progress at shutdown is kept too. One close at a time: two callers never
 * split a run between them.
 */
public final class ValidationRuns implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ValidationRuns.class);

    private final RunSource source;
    private final RunStore store;
    private ScheduledExecutorService timer;
    private boolean closed;
    private final java.util.List<java.util.function.Consumer<JsonNode>> onClosed = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ValidationRuns(RunSource source, RunStore store) {
        this.source = source;
        this.store = store;
    }

    /** Closes the current run now, saves its report and starts the next; returns what was saved. */
    public synchronized RunStore.RunSummary closeNow() throws SQLException {
        if (closed) {
            throw new IllegalStateException("validation has stopped; no run is in progress");
        }
        JsonNode report = source.closeRunAndStartNext();
        RunStore.RunSummary saved = store.save(report);
        log.info("validation run {} closed: {} ({} to {})", saved.id(), saved.verdict(), saved.startedAt(), saved.endedAt());
        for (java.util.function.Consumer<JsonNode> l : onClosed) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                log.warn("a listener of closed validation runs failed: {}", e.toString(), e);
            }
        }
        return saved;
    }

    /** Hears of every run closed and saved (with its report), e.g. auto-rollback. */
    public ValidationRuns onClosed(java.util.function.Consumer<JsonNode> listener) {
        onClosed.add(listener);
        return this;
    }

    /** Closes a run every {@code period} from now on, until {@link #close()}. */
    public synchronized ValidationRuns every(Duration period) {
        if (timer != null) {
            throw new IllegalStateException("already scheduled");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "validation-runs");
            t.setDaemon(true);
            return t;
        });
        long ms = period.toMillis();
        timer.scheduleAtFixedRate(this::closeOnTimer, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void closeOnTimer() {
        try {
            closeNow();
        } catch (SQLException | RuntimeException e) {
            // The next period tries again; the validator keeps counting meanwhile.
            log.warn("could not close and save the validation run: {}", e.toString());
        }
    }

    /** Stops the timer, then closes and saves the run in progress, once. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (t != null) {
            t.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closeOnTimer();
            closed = true;
        }
    }
}
