package dev.tandem.legacyws.server;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SPI calls (ingest, export) off Java-WebSocket's threads, which must never wait on a database. At most
 * {@code maxInFlight} run or wait at once; full policy {@link #FULL_POLICY}: the request is refused and the
 * client answered {@code rate_limited}. A call that never completes is given up after {@link #CALL_TIMEOUT}
 * so its permit is not lost.
 */
final class AsyncRequests {
    static final String FULL_POLICY = "refuse_new";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int THREADS = 2;
    private static final Logger log = LoggerFactory.getLogger(AsyncRequests.class);

    private final int maxInFlight;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;

    AsyncRequests(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxInFlight), r -> {
                    Thread t = Executors.defaultThreadFactory().newThread(r);
                    t.setName("legacy-ws-requests");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Starts {@code call} and hands its outcome to {@code done} (value or failure); false when at capacity,
     * in which case neither runs.
     */
    <T> boolean submit(Supplier<? extends CompletionStage<T>> call, BiConsumer<T, Throwable> done) {
        if (!permits.tryAcquire()) {
            return false;
        }
        try {
            executor.execute(() -> run(call, done));
            return true;
        } catch (RejectedExecutionException e) {
            permits.release();
            return false;
        }
    }

    private <T> void run(Supplier<? extends CompletionStage<T>> call, BiConsumer<T, Throwable> done) {
        CompletableFuture<T> future;
        try {
            CompletionStage<T> stage = call.get();
            future = stage == null ? CompletableFuture.failedFuture(new NullPointerException("SPI returned null"))
                    : stage.toCompletableFuture();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            permits.release();
            try {
                done.accept(value, failure);
            } catch (RuntimeException e) {
                // The answer could not be sent; the client times out on its own. Never lose the thread.
                log.warn("legacy-ws: answering a request failed", e);
            }
        });
    }

    int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
