package dev.tandem.realtimebridge.writer;

import java.time.Duration;
import java.util.regex.Pattern;

/** Settings of an {@link EventWriter}; immutable, built with {@link #builder()} and validated in {@code build()}. */
public final class WriterConfig {
    public static final int DEFAULT_MAX_BATCH_SIZE = 500;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(50);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final String DEFAULT_TABLE = "monitoring_events";

    public static final int MAX_BATCH_SIZE_LIMIT = 10_000;
    public static final Duration MAX_LINGER = Duration.ofSeconds(1);
    public static final int QUEUE_CAPACITY_LIMIT = 10_000_000;
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(10);

    /** The table name is spliced into SQL, so only plain lower-case identifiers (optionally schema-qualified). */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private final int maxBatchSize;
    private final Duration linger;
    private final int queueCapacity;
    private final Duration retryInitialBackoff;
    private final Duration retryMaxBackoff;
    private final String table;

    private WriterConfig(Builder b) {
        this.maxBatchSize = b.maxBatchSize;
        this.linger = b.linger;
        this.queueCapacity = b.queueCapacity;
        this.retryInitialBackoff = b.retryInitialBackoff;
        this.retryMaxBackoff = b.retryMaxBackoff;
        this.table = b.table;
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

    @Override
    public String toString() {
        return "WriterConfig[maxBatchSize=" + maxBatchSize + ", linger=" + linger + ", queueCapacity=" + queueCapacity
                + ", retryInitialBackoff=" + retryInitialBackoff + ", retryMaxBackoff=" + retryMaxBackoff
                + ", table=" + table + "]";
    }

    public static final class Builder {
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Duration linger = DEFAULT_LINGER;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
        private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
        private String table = DEFAULT_TABLE;

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
            return new WriterConfig(this);
        }
    }
}
