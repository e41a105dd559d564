package dev.tandem.adapter.config;

import dev.tandem.migrations.RealtimeMode;
import dev.tandem.migrations.RealtimeOptions;
import dev.tandem.realtimebridge.supabase.ChannelSpec;
import dev.tandem.realtimebridge.supabase.ProtocolVersion;
import dev.tandem.realtimebridge.supabase.RealtimeClientConfig;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The realtime-side observer's settings: the tap, or a Supabase Realtime client with its URL, key, channel and
 * table. The client follows the Realtime mode: postgres_changes subscribes to the table's INSERTs on the
 * channel; broadcast joins the private broadcast topic the trigger sends to.
 */
public record SupabaseSettings(RealtimeSource source, String url, String key, String channel, String table,
                               ProtocolVersion vsn) {
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Checks every value, and with source supabase builds the client's settings once so they fail here, not later. */
    static SupabaseSettings resolve(Map<Setting, String> raw, RealtimeOptions realtime) {
        RealtimeSource source;
        try {
            source = RealtimeSource.valueOf(raw.get(Setting.REALTIME_SOURCE).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(Setting.REALTIME_SOURCE, "tap or supabase", raw.get(Setting.REALTIME_SOURCE));
        }
        String url = raw.get(Setting.SUPABASE_URL);
        String key = raw.get(Setting.SUPABASE_KEY);
        if (source == RealtimeSource.SUPABASE) {
            if (!url.matches("(?i)(https?|wss?)://.+")) {
                throw bad(Setting.SUPABASE_URL, "an http(s) or ws(s) URL such as https://<ref>.supabase.co when "
                        + Setting.REALTIME_SOURCE.label() + " is supabase", url);
            }
            if (key.isEmpty()) { // the key itself is never echoed
                throw new ConfigException(Setting.SUPABASE_KEY.label() + " must be set when "
                        + Setting.REALTIME_SOURCE.label() + " is supabase");
            }
        }
        String channel = raw.get(Setting.SUPABASE_CHANNEL);
        if (!CHANNEL.matcher(channel).matches()) {
            throw bad(Setting.SUPABASE_CHANNEL, "1 to 128 characters of A-Z, a-z, 0-9, _ . : -", channel);
        }
        String table = raw.get(Setting.SUPABASE_TABLE);
        if (!TABLE.matcher(table).matches()) {
            throw bad(Setting.SUPABASE_TABLE, "a lower-case table name (a-z, 0-9, _)", table);
        }
        ProtocolVersion vsn;
        try {
            vsn = ProtocolVersion.fromVsn(raw.get(Setting.SUPABASE_VSN));
        } catch (IllegalArgumentException e) {
            throw bad(Setting.SUPABASE_VSN, "1.0.0 or 2.0.0", raw.get(Setting.SUPABASE_VSN));
        }
        SupabaseSettings settings = new SupabaseSettings(source, url, key, channel, table, vsn);
        if (source == RealtimeSource.SUPABASE) {
            settings.clientConfig(realtime);
        }
        return settings;
    }

    /** The client's settings for this Realtime mode; the API key is also the user token (service or anon key). */
    public RealtimeClientConfig clientConfig(RealtimeOptions realtime) {
        ChannelSpec spec = realtime.mode() == RealtimeMode.BROADCAST
                ? ChannelSpec.broadcast(realtime.topic(), true)
                : ChannelSpec.postgresChanges(channel, new ChannelSpec.PostgresChange("INSERT", "public", table, null));
        try {
            return RealtimeClientConfig.builder().url(url).apiKey(key).protocol(vsn).channels(spec).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.SUPABASE_URL.label() + " and the other Supabase settings: " + e.getMessage());
        }
    }

    private static ConfigException bad(Setting s, String accepts, String got) {
        return new ConfigException(s.label() + " must be " + accepts + ", got '" + got + "'");
    }

    @Override
    public String toString() { // no key
        return source == RealtimeSource.TAP ? "tap" : "supabase " + url + " (vsn " + vsn.vsn() + ", channel " + channel
                + ", table " + table + ", key " + (key.isEmpty() ? "unset" : "set") + ")";
    }
}
