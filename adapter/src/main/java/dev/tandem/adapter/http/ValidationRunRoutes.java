package dev.tandem.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.Problem;
import dev.tandem.adapter.report.ReportFormat;
import dev.tandem.adapter.report.RunStore;
import dev.tandem.adapter.report.ValidationRuns;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed validation runs over HTTP: the list, each run's report as JSON, Markdown or HTML, the latest one,
 * and {@code POST /api/validation/check} (admin token) to close the current run now.
 */
public final class ValidationRunRoutes {
    static final String PREFIX = "/api/validation";
    static final int DEFAULT_PAGE = 50;
    /** A canonical UUID, optionally followed by the format's extension. */
    private static final Pattern RUN = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\\.(json|md|html))?");

    private final ObjectMapper mapper = new ObjectMapper();
    private final RunStore store;
    private final ValidationRuns runs;
    private final String offReason;
    private final AdminAuth admin;

    /**
     * @param runs      closes runs; null when validation is off, for {@code offReason}
     */
    public ValidationRunRoutes(RunStore store, ValidationRuns runs, String offReason, AdminAuth admin) {
        this.store = store;
        this.runs = runs;
        this.offReason = offReason;
        this.admin = admin;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "/runs", this::list);
        routes.get(PREFIX + "/runs/{run}", this::run);
        routes.get(PREFIX + "/latest", ctx -> latest(ctx, ReportFormat.JSON));
        for (ReportFormat f : ReportFormat.values()) {
            routes.get(PREFIX + "/latest." + f.extension(), ctx -> latest(ctx, f));
        }
        routes.post(PREFIX + "/check", this::check);
    }

    private void list(Context ctx) throws SQLException {
        Optional<Integer> limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, RunStore.MAX_PAGE);
        Optional<Integer> offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        if (limit.isEmpty() || offset.isEmpty()) {
            return;
        }
        List<RunStore.RunSummary> page = store.list(limit.get(), offset.get());
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("runs");
        page.forEach(r -> list.add(r.toJson(mapper)));
        out.put("limit", limit.get()).put("offset", offset.get());
        if (page.size() == limit.get()) {
            out.put("next_offset", (long) offset.get() + limit.get());
        } else {
            out.putNull("next_offset");
        }
        Replies.json(mapper, ctx, 200, out);
    }

    private void run(Context ctx) throws SQLException {
        String given = ctx.pathParam("run");
        Matcher m = RUN.matcher(given);
        if (!m.matches()) {
            String rule = "a run id (a UUID), optionally followed by .json, .md or .html";
            Replies.json(mapper, ctx, 400, Replies.error(mapper, "bad_run_id", "run: must be " + rule + ", got '"
                    + given + "'", List.of(new Problem(null, "run", "must be " + rule))));
            return;
        }
        UUID id = UUID.fromString(m.group(1));
        ReportFormat format = m.group(2) == null ? ReportFormat.JSON : ReportFormat.byExtension(m.group(2)).orElseThrow();
        Optional<JsonNode> report = store.get(id);
        if (report.isEmpty()) {
            Replies.json(mapper, ctx, 404, Replies.error(mapper, "not_found", "no validation run " + id, List.of()));
            return;
        }
        send(ctx, report.get(), format);
    }

    private void latest(Context ctx, ReportFormat format) throws SQLException {
        Optional<JsonNode> report = store.latest();
        if (report.isEmpty()) {
            Replies.json(mapper, ctx, 404, Replies.error(mapper, "not_found", "no validation run has closed yet"
                    + (runs == null ? " (validation is off: " + offReason + ")" : ""), List.of()));
            return;
        }
        send(ctx, report.get(), format);
    }

    private void check(Context ctx) throws SQLException {
        if (Replies.refused(mapper, ctx, admin.check(ctx))) {
            return;
        }
        if (runs == null) {
            Replies.json(mapper, ctx, 409, Replies.error(mapper, "validation_off", "validation is off: " + offReason, List.of()));
            return;
        }
        RunStore.RunSummary saved = runs.closeNow();
        ctx.header("Location", PREFIX + "/runs/" + saved.id());
        Replies.json(mapper, ctx, 201, saved.toJson(mapper));
    }

    private void send(Context ctx, JsonNode report, ReportFormat format) {
        ctx.status(200).contentType(format.contentType()).result(format.render(report, mapper));
    }

    /** The query parameter as an int in range, or its default; empty after answering 400 for a bad one. */
    private Optional<Integer> intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return Optional.of(dflt);
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        String rule = "must be an integer from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max);
        Replies.json(mapper, ctx, 400, Replies.error(mapper, "bad_request", name + ": " + rule + ", got '" + raw + "'",
                List.of(new Problem(null, name, rule))));
        return Optional.empty();
    }
}
