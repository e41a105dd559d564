package dev.tandem.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.config.DashboardSettings;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.dashboard.RecentEvents;
import dev.tandem.adapter.event.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard: its page and modules at {@code /} (classpath {@code dashboard/}), the reads it needs besides the
 * rollout's ({@code GET /api/dashboard}, {@code GET /api/stats}, {@code GET /api/events/recent?limit=N}), and a
 * local supabase-js at {@link DashboardSettings#LOCAL_SUPABASE_JS_PATH} when one is configured.
 */
public final class DashboardRoutes {
    static final String RESOURCES = "/dashboard";
    private static final java.util.regex.Pattern FILE = java.util.regex.Pattern.compile("(js/)?[a-z][a-z0-9-]*\\.(html|css|js)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");
    /** How often an open page asks GET /api/transport again, in case it missed a transport_change. */
    public static final int RECHECK_SECONDS = 30;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DashboardSettings settings;
    private final RecentEvents events;
    private final Supplier<ObjectNode> stats;
    private final ViewerAuth viewers;

    /** @param stats the legacy socket's figures, as in {@code initial_stats} without its recent events */
    public DashboardRoutes(DashboardSettings settings, RecentEvents events, Supplier<ObjectNode> stats, ViewerAuth viewers) {
        this.viewers = viewers;
        this.settings = settings;
        this.events = events;
        this.stats = stats;
    }

    void register(RoutesConfig routes) {
        // Our own three routes rather than Javalin's static files, whose misses answer in text and would take the
        // API's JSON 404 away from every unknown path.
        routes.get("/", ctx -> resource(ctx, "index.html"));
        routes.get("/dashboard.css", ctx -> resource(ctx, "dashboard.css"));
        routes.get("/js/{module}", ctx -> resource(ctx, "js/" + ctx.pathParam("module")));
        routes.get("/api/dashboard", this::config);
        routes.get("/api/stats", ctx -> {
            if (refused(ctx)) {
                return;
            }
            ctx.header("Cache-Control", "no-store");
            Replies.json(mapper, ctx, 200, stats.get());
        });
        routes.get("/api/events/recent", this::recent);
        if (settings.supabaseJsFile() != null) {
            routes.get(DashboardSettings.LOCAL_SUPABASE_JS_PATH, this::localSupabaseJs);
        }
    }

    /** A file of the page from the classpath; only plain names, so no path can leave {@link #RESOURCES}. */
    private void resource(Context ctx, String name) throws IOException {
        String type = FILE.matcher(name).matches() ? TYPES.get(name.substring(name.lastIndexOf('.') + 1)) : null;
        InputStream in = type == null ? null : DashboardRoutes.class.getResourceAsStream(RESOURCES + "/" + name);
        if (in == null) {
            Replies.json(mapper, ctx, 404, Replies.error(mapper, "not_found", "no dashboard file " + ctx.path(), List.of()));
            return;
        }
        try (in) {
            // No build step and no hashed names: browsers revalidate, so an upgrade shows at once.
            ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
        }
    }

    private void config(Context ctx) {
        ObjectNode out = mapper.createObjectNode();
        out.put("supabase_js", settings.supabaseJsUrl());
        out.put("recheck_seconds", RECHECK_SECONDS);
        out.put("recent_limit", RecentEvents.DEFAULT_LIMIT);
        Replies.json(mapper, ctx, 200, out);
    }

    /** Answers 401 and returns true when legacy auth is on and the request has no valid viewer token. */
    private boolean refused(Context ctx) {
        return Replies.refused(mapper, ctx, viewers.check(ctx));
    }

    private void recent(Context ctx) throws SQLException {
        if (refused(ctx)) {
            return;
        }
        java.util.OptionalInt limit = Replies.limit(mapper, ctx, RecentEvents.DEFAULT_LIMIT, RecentEvents.MAX_LIMIT);
        if (limit.isEmpty()) {
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        out.set("events", events.newest(limit.getAsInt()));
        ctx.header("Cache-Control", "no-store");
        Replies.json(mapper, ctx, 200, out);
    }

    private void localSupabaseJs(Context ctx) throws IOException {
        // Read per request: the file is small, and replacing it needs no restart.
        try (InputStream in = Files.newInputStream(settings.supabaseJsFile())) {
            ctx.contentType("text/javascript").header("Cache-Control", "no-cache").result(in.readAllBytes());
        } catch (java.nio.file.NoSuchFileException e) {
            Replies.json(mapper, ctx, 404, Replies.error(mapper, "not_found", Setting.DASHBOARD_SUPABASE_JS.label()
                    + " names " + settings.supabaseJsFile() + ", which is gone", List.of()));
        }
    }
}
