package dev.tandem.legacyws.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SPI calls (ingest, export) off Java-WebSocket's threads, which must never wait on a database. At most
 * {@code maxInFlight} run at once, each on a thread of its own, so an SPI that blocks holds up only its own
 * request; full policy {@link #FULL_POLICY}: the request is refused and the client answered
 * {@code rate_limited}. A call not done {@link #CALL_TIMEOUT} after it was accepted is answered as failed and
 * its permit returned, whether the SPI blocked inside the call or returned a stage that never completes.
 */
final class AsyncRequests {
    static final String FULL_POLICY = "refuse_new";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Idle request threads end after this; a burst's threads do not linger. */
    private static final long THREAD_KEEP_ALIVE_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(AsyncRequests.class);

    private final int maxInFlight;
    private final Duration callTimeout;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;

    AsyncRequests(int maxInFlight) {
        this(maxInFlight, CALL_TIMEOUT);
    }

    AsyncRequests(int maxInFlight, Duration callTimeout) {
        this.maxInFlight = maxInFlight;
        this.callTimeout = callTimeout;
        this.permits = new Semaphore(maxInFlight);
        // No queue: a permit means a thread. A thread outlives its permit for a moment (the answer is sent,
        // and the permit returned, before its task returns) and, for a call given up after the timeout, for
        // as long as the SPI stays blocked; twice the permits in threads covers both, and past that a request
        // is refused as at capacity rather than queued behind blocked calls.
        this.executor = new ThreadPoolExecutor(0, 2 * maxInFlight, THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = Executors.defaultThreadFactory().newThread(r);
                    t.setName("legacy-ws-requests");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Starts {@code call} and hands its outcome to {@code done} (value or failure) exactly once; false when at
     * capacity, in which case neither runs.
     */
    <T> boolean submit(Supplier<? extends CompletionStage<T>> call, BiConsumer<T, Throwable> done) {
        if (!permits.tryAcquire()) {
            return false;
        }
        CompletableFuture<T> outcome = new CompletableFuture<>();
        try {
            executor.execute(() -> run(call, outcome));
        } catch (RejectedExecutionException e) {
            permits.release();
            return false;
        }
        outcome.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            permits.release();
            try {
                done.accept(value, failure);
            } catch (RuntimeException e) {
                // The answer could not be sent; the client times out on its own. Never lose the thread.
                log.warn("legacy-ws: answering a request failed", e);
            }
        });
        return true;
    }

    private static <T> void run(Supplier<? extends CompletionStage<T>> call, CompletableFuture<T> outcome) {
        try {
            CompletionStage<T> stage = call.get();
            if (stage == null) {
                outcome.completeExceptionally(new NullPointerException("SPI returned null"));
            } else {
                stage.whenComplete((value, failure) -> {
                    if (failure != null) {
                        outcome.completeExceptionally(failure);
                    } else {
                        outcome.complete(value);
                    }
                });
            }
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    /** Threads still running a task (a thread outlives its permit for a moment; see the constructor). */
    int busyThreads() {
        return executor.getActiveCount();
    }

    int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
