package dev.tandem.migrations;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How Supabase Realtime carries new events to dashboards. */
public enum RealtimeMode {
    /** Realtime reads the tables of the {@code supabase_realtime} publication (Postgres Changes). */
    POSTGRES_CHANGES,
    /** A trigger on {@code monitoring_events} sends each new event with {@code realtime.send} (Broadcast from Database). */
    BROADCAST;

    /** The name settings and the migration scripts use: {@code postgres_changes} or {@code broadcast}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a setting value names, case-insensitively; empty when it names none. */
    public static Optional<RealtimeMode> fromSetting(String value) {
        return Arrays.stream(values()).filter(m -> m.settingValue().equalsIgnoreCase(value.trim())).findFirst();
    }
}
