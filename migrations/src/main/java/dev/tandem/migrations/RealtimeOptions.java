package dev.tandem.migrations;

import java.util.regex.Pattern;

/**
 * The settings the Realtime part of the schema follows ({@code R__realtime_access.sql}): the mode, the broadcast
 * topic, and whether the {@code anon} role may read.
 *
 * @param mode     Postgres Changes or Broadcast from Database
 * @param topic    the broadcast topic (without Realtime's {@code realtime:} channel prefix); used in broadcast mode
 * @param anonRead true: {@code anon} may read events and stats (and, in broadcast mode, the topic)
 */
public record RealtimeOptions(RealtimeMode mode, String topic, boolean anonRead) {
    public static final String DEFAULT_TOPIC = "monitoring:events";
    /** What a topic may be. It is written into SQL text and a trigger argument, so nothing that needs quoting. */
    public static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    public static final String TOPIC_RULE = "1 to 128 characters of A-Z, a-z, 0-9, _ . : -";
    /** Postgres Changes, topic {@value #DEFAULT_TOPIC}, anon may not read. */
    public static final RealtimeOptions DEFAULTS = new RealtimeOptions(RealtimeMode.POSTGRES_CHANGES, DEFAULT_TOPIC, false);

    public RealtimeOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic must be " + TOPIC_RULE + ", got '" + topic + "'");
        }
    }

    /** One line for logs and the command line, such as {@code broadcast on topic monitoring:events, anon read off}. */
    public String describe() {
        return mode.settingValue() + (mode == RealtimeMode.BROADCAST ? " on topic " + topic : "")
                + ", anon read " + (anonRead ? "on" : "off");
    }
}
