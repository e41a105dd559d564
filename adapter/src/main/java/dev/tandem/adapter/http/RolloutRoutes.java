package dev.tandem.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.Problem;
import dev.tandem.adapter.rollout.AuditLog;
import dev.tandem.adapter.rollout.ClientAttributes;
import dev.tandem.adapter.rollout.Decision;
import dev.tandem.adapter.rollout.FlagSnapshot;
import dev.tandem.adapter.rollout.FlagUpdate;
import dev.tandem.adapter.rollout.Rollout;
import dev.tandem.adapter.rollout.RolloutRefusedException;
import dev.tandem.adapter.rollout.TandemFeature;
import dev.tandem.adapter.rollout.TransportAnswer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The rollout over HTTP. Open: {@code GET /api/transport} (a dashboard asks which transport to use) and
 * {@code GET /api/stage}. Admin token: {@code POST /api/stage}, {@code GET /api/flags},
 * {@code PUT /api/flags/{name}}, {@code GET /api/flags/audit}. A refused step answers 409 with each failed
 * condition. The actor recorded in the audit log is the {@code X-Tandem-Actor} header, else "admin-api".
 */
public final class RolloutRoutes {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String DEFAULT_ACTOR = "admin-api";
    static final int DEFAULT_AUDIT_PAGE = 100;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Rollout rollout;
    private final DataSource db;
    private final TransportAnswer answer;
    private final Function<Context, String> legacyUrl;
    private final AdminAuth admin;
    private final StageBody stageBody;

    /** @param legacyUrl the legacy socket's URL as the requesting dashboard reaches it */
    public RolloutRoutes(Rollout rollout, DataSource db, TransportAnswer answer, Function<Context, String> legacyUrl,
                         AdminAuth admin) {
        this.rollout = rollout;
        this.db = db;
        this.answer = answer;
        this.legacyUrl = legacyUrl;
        this.admin = admin;
        this.stageBody = new StageBody(rollout, mapper);
    }

    void register(RoutesConfig routes) {
        routes.get("/api/transport", this::transport);
        routes.get("/api/stage", ctx -> Replies.json(mapper, ctx, 200, stageBody.show()));
        routes.post("/api/stage", ctx -> admin(ctx, () -> postStage(ctx)));
        routes.get("/api/flags", ctx -> admin(ctx, () -> flags(ctx)));
        routes.get("/api/flags/audit", ctx -> admin(ctx, () -> audit(ctx)));
        routes.put("/api/flags/{name}", ctx -> admin(ctx, () -> putFlag(ctx)));
    }

    private void transport(Context ctx) {
        String id = ctx.queryParam("client_id");
        ClientAttributes who;
        try {
            who = new ClientAttributes(id == null ? "" : id.strip(), blankToNull(ctx.queryParam("kind")),
                    blankToNull(ctx.queryParam("tenant")));
        } catch (IllegalArgumentException e) {
            bad(ctx, "client_id", "client_id: must be given, 1.." + ClientAttributes.MAX_CLIENT_ID_LENGTH
                    + " characters (the dashboard's stable id)");
            return;
        }
        FlagSnapshot flags = rollout.current();
        Decision d = flags.decide(who);
        ctx.header("Cache-Control", "no-store");
        Replies.json(mapper, ctx, 200, answer.render(mapper, d, flags.stage(), who.clientId(), legacyUrl.apply(ctx)));
    }

    private void postStage(Context ctx) throws IOException, SQLException {
        Optional<JsonNode> body = body(ctx);
        if (body.isEmpty()) {
            return;
        }
        try {
            Replies.json(mapper, ctx, 200, stageBody.apply(body.get(), actor(ctx)));
        } catch (IllegalArgumentException e) {
            bad(ctx, e);
        } catch (RolloutRefusedException e) {
            refused(ctx, e);
        }
    }

    private void flags(Context ctx) {
        FlagSnapshot f = rollout.snapshot();
        ObjectNode out = mapper.createObjectNode();
        out.put("stage", f.stage().name());
        var list = out.putArray("flags");
        for (TandemFeature t : TandemFeature.values()) {
            list.add(FlagSnapshot.flagJson(mapper, f.state(t)));
        }
        Replies.json(mapper, ctx, 200, out);
    }

    private void putFlag(Context ctx) throws IOException, SQLException {
        TandemFeature flag = TandemFeature.byName(ctx.pathParam("name"));
        if (flag == null) {
            Replies.json(mapper, ctx, 404, Replies.error(mapper, "not_found", "no flag '" + ctx.pathParam("name")
                    + "'; flags: " + List.of(TandemFeature.values()), List.of()));
            return;
        }
        Optional<JsonNode> body = body(ctx);
        if (body.isEmpty()) {
            return;
        }
        JsonNode b = body.get();
        try {
            Boolean enabled = null;
            if (b.has("enabled")) {
                if (!b.get("enabled").isBoolean()) {
                    throw new IllegalArgumentException("enabled: must be true or false");
                }
                enabled = b.get("enabled").booleanValue();
            }
            String strategy = optionalText(b, "strategy");
            Map<String, String> params = null;
            if (b.has("parameters") && !b.get("parameters").isNull()) {
                if (!b.get("parameters").isObject()) {
                    throw new IllegalArgumentException("parameters: must be an object of strings or numbers");
                }
                params = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : b.get("parameters").properties()) {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new IllegalArgumentException("parameters." + e.getKey() + ": must be a string or a number");
                    }
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            var r = rollout.setFlag(flag, new FlagUpdate(enabled, strategy, params), actor(ctx), StageBody.reason(b));
            ObjectNode out = FlagSnapshot.flagJson(mapper, r.after().state(flag));
            out.put("stage", r.after().stage().name());
            out.put("changed", r.flagsWritten() > 0);
            Replies.json(mapper, ctx, 200, out);
        } catch (IllegalArgumentException e) {
            bad(ctx, e);
        } catch (RolloutRefusedException e) {
            refused(ctx, e);
        }
    }

    private void audit(Context ctx) throws SQLException {
        java.util.OptionalInt limit = Replies.limit(mapper, ctx, DEFAULT_AUDIT_PAGE, AuditLog.MAX_PAGE);
        if (limit.isEmpty()) {
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        out.set("entries", AuditLog.recent(db, limit.getAsInt()));
        Replies.json(mapper, ctx, 200, out);
    }

    private interface Action {
        void run() throws Exception;
    }

    private void admin(Context ctx, Action action) throws Exception {
        if (!Replies.refused(mapper, ctx, admin.check(ctx))) {
            action.run();
        }
    }

    private Optional<JsonNode> body(Context ctx) throws IOException {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            Replies.json(mapper, ctx, 413, Replies.error(mapper, "too_large", "body: at most " + MAX_BODY_BYTES
                    + " bytes", List.of(new Problem(null, "body", "at most " + MAX_BODY_BYTES + " bytes"))));
            return Optional.empty();
        }
        if (bytes.length == 0) {
            return Optional.of(mapper.createObjectNode());
        }
        try {
            JsonNode n = mapper.readTree(bytes);
            if (n != null && n.isObject()) {
                return Optional.of(n);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // answered below
        }
        bad(ctx, "body", "body: must be a JSON object");
        return Optional.empty();
    }

    private String actor(Context ctx) {
        String a = ctx.header("X-Tandem-Actor");
        if (a == null || a.isBlank()) {
            return DEFAULT_ACTOR;
        }
        a = a.strip().replaceAll("\\p{Cntrl}", "?");
        return a.length() > AuditLog.MAX_ACTOR_CHARS ? a.substring(0, AuditLog.MAX_ACTOR_CHARS) : a;
    }

    private void refused(Context ctx, RolloutRefusedException e) {
        ObjectNode out = Replies.error(mapper, "refused", e.getMessage(), List.of());
        var failed = out.putArray("failed_conditions");
        e.failedConditions().forEach(failed::add);
        Replies.json(mapper, ctx, 409, out);
    }

    private void bad(Context ctx, String field, String message) {
        Replies.json(mapper, ctx, 400, Replies.error(mapper, "bad_request", message,
                List.of(new Problem(null, field, message.substring(message.indexOf(':') + 1).strip()))));
    }

    /** A bad argument whose message reads {@code field: rule}, answered 400 naming the field. */
    private void bad(Context ctx, IllegalArgumentException e) {
        bad(ctx, e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':'))), e.getMessage());
    }

    private static String optionalText(JsonNode b, String name) {
        JsonNode n = b.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(name + ": must be a string");
        }
        return n.textValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
