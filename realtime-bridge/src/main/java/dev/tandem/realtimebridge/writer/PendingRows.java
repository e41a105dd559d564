package dev.tandem.realtimebridge.writer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer's bounded queue. Room is counted in rows and taken at reservation time, so a caller learns
 * "full" before it has done anything (policy REJECT); room is given back only when the rows are committed or
 * failed, so the bound covers reserved, queued and in-flight rows alike.
 */
final class PendingRows {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rowsArrived = lock.newCondition();
    private final ArrayDeque<Submission> queue = new ArrayDeque<>();
    private int occupied;
    private int queued;
    private boolean closed;
    /** Set by {@link #nudge()}: the next wait for rows returns at once. */
    private boolean nudged;

    PendingRows(int capacity) {
        this.capacity = capacity;
    }

    void reserve(int count) {
        lock.lock();
        try {
            if (closed) {
                throw new WriterClosedException("event writer is closed; no new rows are accepted");
            }
            if (count > capacity - occupied) {
                throw new WriterFullException(capacity, occupied, count);
            }
            occupied += count;
        } finally {
            lock.unlock();
        }
    }

    void release(int count) {
        lock.lock();
        try {
            occupied -= count;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the rows of a reserved ticket; false (nothing queued) once closed. */
    boolean enqueue(Submission submission) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            queue.addLast(submission);
            queued += submission.rows().size();
            rowsArrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a row (indefinitely when {@code waitNanos < 0}, not at all when 0, else at most that long), then
     * up to {@code lingerNanos} for the batch to fill to {@code maxRows} (no lingering once closed: then it is
     * time to flush), and takes up to {@code maxRows}. Null when no row came in time, when {@link #nudge()}d
     * while waiting, or when closed and empty.
     */
    Batch take(int maxRows, long lingerNanos, long waitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long waitDeadline = System.nanoTime() + waitNanos;
            while (queued == 0) {
                if (closed || waitNanos == 0 || nudged) {
                    nudged = false;
                    return null;
                }
                if (waitNanos < 0) {
                    rowsArrived.await();
                } else {
                    long left = waitDeadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    rowsArrived.awaitNanos(left);
                }
            }
            long deadline = System.nanoTime() + lingerNanos;
            while (queued < maxRows && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                rowsArrived.awaitNanos(left);
            }
            return takeLocked(maxRows);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the writer if it is waiting for rows, so that it looks at something else (a finished probe). */
    void nudge() {
        lock.lock();
        try {
            nudged = true;
            rowsArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closed, and every queued row taken: the writer may stop once it has settled what it holds. */
    boolean closedAndEmpty() {
        lock.lock();
        try {
            return closed && queued == 0;
        } finally {
            lock.unlock();
        }
    }

    private Batch takeLocked(int maxRows) {
        List<Batch.Part> parts = new ArrayList<>();
        int room = maxRows;
        while (room > 0 && !queue.isEmpty()) {
            Submission head = queue.peekFirst();
            int n = Math.min(room, head.untaken());
            parts.add(new Batch.Part(head, head.taken(), head.taken() + n));
            head.take(n);
            room -= n;
            queued -= n;
            if (head.untaken() == 0) {
                queue.removeFirst();
            }
        }
        return new Batch(parts);
    }

    /** Stops accepting rows and wakes the writer so it flushes without lingering. */
    void close() {
        lock.lock();
        try {
            closed = true;
            rowsArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes every queued submission (after close), giving back the room of their untaken rows. */
    List<Submission> drainAll() {
        lock.lock();
        try {
            List<Submission> drained = new ArrayList<>(queue);
            for (Submission s : queue) {
                occupied -= s.untaken();
            }
            queue.clear();
            queued = 0;
            return drained;
        } finally {
            lock.unlock();
        }
    }

    int occupied() {
        lock.lock();
        try {
            return occupied;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }
}
