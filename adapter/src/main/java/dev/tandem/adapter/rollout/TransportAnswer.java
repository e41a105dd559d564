package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.migrations.RealtimeMode;
import dev.tandem.migrations.RealtimeOptions;

/**
 * What a dashboard is told about its transport, by {@code GET /api/transport} and in {@code transport_change}
 * messages: {@code {transport, reason, detail, stage, legacy: {url}, realtime: {url, anon_key, mode, schema, table,
 * event | channel}}}. The anon key is public by design (Supabase's anon key is meant for browsers).
 */
public final class TransportAnswer {
    public static final String EVENTS_TABLE = "monitoring_events";
    public static final String STATS_TABLE = "monitoring_stats";
    private final RealtimeOptions realtime;
    private final String realtimeUrl;
    private final String anonKey;

    /**
     * @param realtimeUrl the Supabase project URL dashboards connect to, or null when none is configured
     * @param anonKey     the anon key, or null
     */
    public TransportAnswer(RealtimeOptions realtime, String realtimeUrl, String anonKey) {
        this.realtime = realtime;
        this.realtimeUrl = realtimeUrl;
        this.anonKey = anonKey;
    }

    /** @param legacyUrl the legacy socket's URL as this dashboard reaches it, or null when not known here */
    public ObjectNode render(ObjectMapper json, Decision d, Stage stage, String clientId, String legacyUrl) {
        ObjectNode o = json.createObjectNode();
        o.put("client_id", clientId);
        o.put("transport", d.transport().wire());
        o.put("reason", d.reason());
        o.put("detail", d.detail());
        o.put("stage", stage.name());
        o.putObject("legacy").put("url", legacyUrl);
        ObjectNode rt = o.putObject("realtime");
        rt.put("url", realtimeUrl);
        rt.put("anon_key", anonKey);
        if (realtime.mode() == RealtimeMode.BROADCAST) {
            rt.put("mode", "broadcast");
            rt.put("channel", realtime.topic());
        } else {
            rt.put("mode", "postgres_changes");
            rt.put("schema", "public");
            rt.put("table", EVENTS_TABLE);
            rt.put("event", "INSERT");
        }
        rt.put("stats_table", STATS_TABLE);
        return o;
    }
}
