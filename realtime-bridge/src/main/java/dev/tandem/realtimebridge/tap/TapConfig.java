package dev.tandem.realtimebridge.tap;

import java.time.Duration;
import java.util.regex.Pattern;

/** Settings of a {@link ReplicationTap}; immutable, built with {@link #builder()} and validated in {@code build()}. */
public final class TapConfig {
    public static final String DEFAULT_PUBLICATION = "supabase_realtime";
    /** Below the server's default wal_sender_timeout (60 s) divided by 3, as PgJDBC recommends. */
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);

    public static final Duration MAX_STATUS_INTERVAL = Duration.ofMinutes(10);
    public static final Duration MAX_RECONNECT_BACKOFF = Duration.ofMinutes(10);
    /** Slot names go into replication commands unquoted, so Postgres' own rule for them, nothing looser. */
    static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    /** Publication names go into a quoted START_REPLICATION option; keep them to plain identifier characters. */
    static final Pattern PUBLICATION_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String slotName;
    private final String publication;
    private final Duration statusInterval;
    private final Duration reconnectInitialBackoff;
    private final Duration reconnectMaxBackoff;
    private final Duration pollInterval;

    private TapConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.slotName = b.slotName;
        this.publication = b.publication;
        this.statusInterval = b.statusInterval;
        this.reconnectInitialBackoff = b.reconnectInitialBackoff;
        this.reconnectMaxBackoff = b.reconnectMaxBackoff;
        this.pollInterval = b.pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** May be null (trust or peer authentication). */
    public String password() {
        return password;
    }

    public String slotName() {
        return slotName;
    }

    public String publication() {
        return publication;
    }

    public Duration statusInterval() {
        return statusInterval;
    }

    public Duration reconnectInitialBackoff() {
        return reconnectInitialBackoff;
    }

    public Duration reconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public String toString() { // no password
        return "TapConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", slotName=" + slotName + ", publication="
                + publication + ", statusInterval=" + statusInterval + ", reconnectInitialBackoff="
                + reconnectInitialBackoff + ", reconnectMaxBackoff=" + reconnectMaxBackoff + ", pollInterval="
                + pollInterval + "]";
    }

    static void requireSlotName(String slotName) {
        if (slotName == null || !SLOT_NAME.matcher(slotName).matches()) {
            throw new IllegalArgumentException("slotName must be 1 to 63 characters of [a-z0-9_], got: " + slotName);
        }
    }

    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private String slotName;
        private String publication = DEFAULT_PUBLICATION;
        private Duration statusInterval = DEFAULT_STATUS_INTERVAL;
        private Duration reconnectInitialBackoff = DEFAULT_RECONNECT_INITIAL_BACKOFF;
        private Duration reconnectMaxBackoff = DEFAULT_RECONNECT_MAX_BACKOFF;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The logical slot to read (and create if absent); no default, every tap needs its own. */
        public Builder slotName(String slotName) {
            this.slotName = slotName;
            return this;
        }

        public Builder publication(String publication) {
            this.publication = publication;
            return this;
        }

        /** How often the tap reports its position to the server even when idle. */
        public Builder statusInterval(Duration interval) {
            this.statusInterval = interval;
            return this;
        }

        public Builder reconnectInitialBackoff(Duration backoff) {
            this.reconnectInitialBackoff = backoff;
            return this;
        }

        public Builder reconnectMaxBackoff(Duration backoff) {
            this.reconnectMaxBackoff = backoff;
            return this;
        }

        /** The idle wait between polls of the stream when nothing has arrived. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public TapConfig build() {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must be a jdbc:postgresql: URL, got: " + jdbcUrl);
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("user must not be blank");
            }
            requireSlotName(slotName);
            if (publication == null || !PUBLICATION_NAME.matcher(publication).matches()) {
                throw new IllegalArgumentException("publication must be 1 to 63 characters of [A-Za-z0-9_], got: "
                        + publication);
            }
            requireBetween("statusInterval", statusInterval, Duration.ofMillis(1), MAX_STATUS_INTERVAL);
            requireBetween("reconnectInitialBackoff", reconnectInitialBackoff, Duration.ofMillis(1), MAX_RECONNECT_BACKOFF);
            requireBetween("reconnectMaxBackoff", reconnectMaxBackoff, reconnectInitialBackoff, MAX_RECONNECT_BACKOFF);
            // Status updates are sent from the poll loop, so polling more slowly than that would delay them.
            if (pollInterval == null || pollInterval.toMillis() < 1 || pollInterval.compareTo(statusInterval) >= 0) {
                throw new IllegalArgumentException("pollInterval must be at least 1 ms and shorter than statusInterval ("
                        + statusInterval + "), got: " + pollInterval);
            }
            return new TapConfig(this);
        }

        private static void requireBetween(String setting, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got: " + value);
            }
        }
    }
}
