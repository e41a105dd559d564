package dev.tandem.realtimebridge.writer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** Settings of an {@link EventWriter}; immutable, built with {@link #builder()} and validated in {@code build()}. */
public final class WriterConfig {
    public static final int DEFAULT_MAX_BATCH_SIZE = 2_000;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(50);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final String DEFAULT_TABLE = "monitoring_events";
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(2);
    public static final long DEFAULT_OUTAGE_MAX_BYTES = 1L << 30;
    public static final boolean DEFAULT_COPY = true;

    public static final int MAX_BATCH_SIZE_LIMIT = 10_000;
    public static final Duration MAX_LINGER = Duration.ofSeconds(1);
    public static final int QUEUE_CAPACITY_LIMIT = 10_000_000;
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(10);
    public static final int BREAKER_FAILURE_THRESHOLD_LIMIT = 1_000;
    public static final Duration MIN_BREAKER_OPEN_FOR = Duration.ofMillis(10);
    public static final Duration MAX_BREAKER_OPEN_FOR = Duration.ofMinutes(10);
    /** Smallest outage buffer: room for a few batches of typical rows. */
    public static final long MIN_OUTAGE_MAX_BYTES = 64L * 1024;
    public static final long MAX_OUTAGE_MAX_BYTES = 1L << 40;

    /** The table name is spliced into SQL, so only plain lower-case identifiers (optionally schema-qualified). */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private final int maxBatchSize;
    private final Duration linger;
    private final int queueCapacity;
    private final Duration retryInitialBackoff;
    private final Duration retryMaxBackoff;
    private final String table;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenFor;
    private final Path outageDir;
    private final long outageMaxBytes;
    private final boolean copy;

    private WriterConfig(Builder b) {
        this.maxBatchSize = b.maxBatchSize;
        this.linger = b.linger;
        this.queueCapacity = b.queueCapacity;
        this.retryInitialBackoff = b.retryInitialBackoff;
        this.retryMaxBackoff = b.retryMaxBackoff;
        this.table = b.table;
        this.breakerFailureThreshold = b.breakerFailureThreshold;
        this.breakerOpenFor = b.breakerOpenFor;
        this.outageDir = b.outageDir;
        this.outageMaxBytes = b.outageMaxBytes;
        this.copy = b.copy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static WriterConfig defaults() {
        return builder().build();
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public Duration linger() {
        return linger;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration retryInitialBackoff() {
        return retryInitialBackoff;
    }

    public Duration retryMaxBackoff() {
        return retryMaxBackoff;
    }

    public String table() {
        return table;
    }

    public int breakerFailureThreshold() {
        return breakerFailureThreshold;
    }

    public Duration breakerOpenFor() {
        return breakerOpenFor;
    }

    /** Directory of the outage buffer, or null for none (then batches wait in memory while Postgres is down). */
    public Path outageDir() {
        return outageDir;
    }

    public long outageMaxBytes() {
        return outageMaxBytes;
    }

    /** Whether batches go by COPY (falling back to INSERT ... ON CONFLICT DO NOTHING), or by that INSERT alone. */
    public boolean copy() {
        return copy;
    }

    @Override
    public String toString() {
        return "WriterConfig[maxBatchSize=" + maxBatchSize + ", linger=" + linger + ", queueCapacity=" + queueCapacity
                + ", retryInitialBackoff=" + retryInitialBackoff + ", retryMaxBackoff=" + retryMaxBackoff
                + ", table=" + table + ", breakerFailureThreshold=" + breakerFailureThreshold
                + ", breakerOpenFor=" + breakerOpenFor + ", outageDir=" + (outageDir == null ? "none" : outageDir)
                + ", outageMaxBytes=" + outageMaxBytes + ", copy=" + copy + "]";
    }

    public static final class Builder {
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Duration linger = DEFAULT_LINGER;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
        private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
        private String table = DEFAULT_TABLE;
        private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
        private Duration breakerOpenFor = DEFAULT_BREAKER_OPEN_FOR;
        private Path outageDir;
        private long outageMaxBytes = DEFAULT_OUTAGE_MAX_BYTES;
        private boolean copy = DEFAULT_COPY;

        private Builder() {
        }

        /** Most rows written in one transaction. */
        public Builder maxBatchSize(int rows) {
            this.maxBatchSize = rows;
            return this;
        }

        /** How long the writer waits for a batch to fill once the first row is there (0 = write at once). */
        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        /** Most rows reserved, queued and in flight together; beyond it {@code reserve} rejects. */
        public Builder queueCapacity(int rows) {
            this.queueCapacity = rows;
            return this;
        }

        public Builder retryInitialBackoff(Duration backoff) {
            this.retryInitialBackoff = backoff;
            return this;
        }

        public Builder retryMaxBackoff(Duration backoff) {
            this.retryMaxBackoff = backoff;
            return this;
        }

        /** Target table, optionally schema-qualified; must have the columns of monitoring_events. */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /** Consecutive failed attempts that open the circuit breaker (then batches go to the outage buffer). */
        public Builder breakerFailureThreshold(int failures) {
            this.breakerFailureThreshold = failures;
            return this;
        }

        /** How long an open breaker waits before it lets one probe through to Postgres. */
        public Builder breakerOpenFor(Duration coolDown) {
            this.breakerOpenFor = coolDown;
            return this;
        }

        /** Where the outage buffer lives; null (the default) for no buffer. */
        public Builder outageDir(Path dir) {
            this.outageDir = dir;
            return this;
        }

        /** Most bytes of segment files in the outage buffer; beyond it new rows are refused (refuse_new). */
        public Builder outageMaxBytes(long bytes) {
            this.outageMaxBytes = bytes;
            return this;
        }

        /**
         * True (the default): write a batch by {@code COPY ... FROM STDIN}, and by
         * {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} when COPY refuses it (an event_id already in the
         * table); false: by that INSERT always (slower).
         */
        public Builder copy(boolean copy) {
            this.copy = copy;
            return this;
        }

        public WriterConfig build() {
            if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE_LIMIT) {
                throw new IllegalArgumentException("maxBatchSize must be between 1 and " + MAX_BATCH_SIZE_LIMIT
                        + " rows, got: " + maxBatchSize);
            }
            if (linger == null || linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
                throw new IllegalArgumentException("linger must be between 0 and " + MAX_LINGER + ", got: " + linger);
            }
            if (queueCapacity < maxBatchSize || queueCapacity > QUEUE_CAPACITY_LIMIT) {
                throw new IllegalArgumentException("queueCapacity must be between maxBatchSize (" + maxBatchSize
                        + ") and " + QUEUE_CAPACITY_LIMIT + " rows, got: " + queueCapacity);
            }
            if (retryInitialBackoff == null || retryInitialBackoff.toMillis() < 1
                    || retryInitialBackoff.compareTo(MAX_RETRY_BACKOFF) > 0) {
                throw new IllegalArgumentException("retryInitialBackoff must be between 1 ms and " + MAX_RETRY_BACKOFF
                        + ", got: " + retryInitialBackoff);
            }
            if (retryMaxBackoff == null || retryMaxBackoff.compareTo(retryInitialBackoff) < 0
                    || retryMaxBackoff.compareTo(MAX_RETRY_BACKOFF) > 0) {
                throw new IllegalArgumentException("retryMaxBackoff must be between retryInitialBackoff ("
                        + retryInitialBackoff + ") and " + MAX_RETRY_BACKOFF + ", got: " + retryMaxBackoff);
            }
            if (table == null || !TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a lower-case SQL identifier, optionally"
                        + " schema-qualified (schema.table, each [a-z_][a-z0-9_]{0,62}), got: " + table);
            }
            if (breakerFailureThreshold < 1 || breakerFailureThreshold > BREAKER_FAILURE_THRESHOLD_LIMIT) {
                throw new IllegalArgumentException("breakerFailureThreshold must be between 1 and "
                        + BREAKER_FAILURE_THRESHOLD_LIMIT + " failures, got: " + breakerFailureThreshold);
            }
            if (breakerOpenFor == null || breakerOpenFor.compareTo(MIN_BREAKER_OPEN_FOR) < 0
                    || breakerOpenFor.compareTo(MAX_BREAKER_OPEN_FOR) > 0) {
                throw new IllegalArgumentException("breakerOpenFor must be between " + MIN_BREAKER_OPEN_FOR + " and "
                        + MAX_BREAKER_OPEN_FOR + ", got: " + breakerOpenFor);
            }
            if (outageMaxBytes < MIN_OUTAGE_MAX_BYTES || outageMaxBytes > MAX_OUTAGE_MAX_BYTES) {
                throw new IllegalArgumentException("outageMaxBytes must be between " + MIN_OUTAGE_MAX_BYTES + " and "
                        + MAX_OUTAGE_MAX_BYTES + " bytes, got: " + outageMaxBytes);
            }
            return new WriterConfig(this);
        }
    }
}
