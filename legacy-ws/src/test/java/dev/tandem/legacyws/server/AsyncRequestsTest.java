package dev.tandem.legacyws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SPI calls (ingest, export) may block inside the call, as a JDBC export does while the database is slow.
 * Such calls must hold up only their own requests, and give their permits back after the call timeout.
 */
class AsyncRequestsTest {
    private static final long WAIT_SECONDS = 10;

    @Test
    void callsThatBlockInsideTheSpiDoNotHoldUpOthers() throws Exception {
        AsyncRequests requests = new AsyncRequests(4, Duration.ofMinutes(1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockedCalls = new CountDownLatch(3);
        try {
            for (int i = 0; i < 3; i++) {
                assertTrue(requests.submit(() -> {
                    blockedCalls.countDown();
                    awaitQuietly(release); // blocks in the call itself, before returning any stage
                    return CompletableFuture.completedFuture("late");
                }, (value, failure) -> { }));
            }
            assertTrue(blockedCalls.await(WAIT_SECONDS, TimeUnit.SECONDS), "three calls are blocked in the SPI");

            LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            assertTrue(requests.submit(() -> CompletableFuture.completedFuture("quick"),
                    (value, failure) -> answers.add(failure != null ? failure : value)));
            assertEquals("quick", answers.poll(WAIT_SECONDS, TimeUnit.SECONDS), "answered while the others block");
            assertEquals(3, requests.inFlight());
        } finally {
            release.countDown();
            requests.shutdown();
        }
    }

    @Test
    void aCallBlockedPastTheTimeoutIsAnsweredOnceAndItsPermitReturned() throws Exception {
        AsyncRequests requests = new AsyncRequests(1, Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        AtomicInteger answers = new AtomicInteger();
        try {
            assertTrue(requests.submit(() -> {
                awaitQuietly(release);
                returned.countDown();
                return CompletableFuture.completedFuture("too late");
            }, (value, failure) -> {
                answers.incrementAndGet();
                failures.add(failure != null ? failure : new AssertionError("succeeded with " + value));
            }));
            assertFalse(requests.submit(() -> CompletableFuture.completedFuture("x"), (v, f) -> { }),
                    "at capacity while the first call runs");

            Throwable failure = failures.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertInstanceOf(TimeoutException.class, failure, "given up after the call timeout");
            assertEquals(0, requests.inFlight(), "its permit is back");

            // The timed-out call still blocks its thread; a new request is admitted and answered all the same.
            LinkedBlockingQueue<Object> next = new LinkedBlockingQueue<>();
            assertTrue(requests.submit(() -> CompletableFuture.completedFuture("next"), (v, f) -> next.add(v)));
            assertEquals("next", next.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            release.countDown();
            assertTrue(returned.await(WAIT_SECONDS, TimeUnit.SECONDS));
            // Both threads finish their tasks a moment after answering; until then a request is refused as at
            // capacity (thread bound 2 x permits), which is the policy, not what this test is about.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (requests.busyThreads() > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertEquals(0, requests.busyThreads(), "request threads still busy");
            // Its late result must not produce a second answer: a request after it completes in order after it.
            LinkedBlockingQueue<Object> last = new LinkedBlockingQueue<>();
            assertTrue(requests.submit(() -> CompletableFuture.completedFuture("last"), (v, f) -> last.add(v)));
            assertEquals("last", last.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, answers.get(), "the timed-out call was answered exactly once");
        } finally {
            release.countDown();
            requests.shutdown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS * 3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
