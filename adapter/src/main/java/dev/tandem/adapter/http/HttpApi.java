package dev.tandem.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.EventParser;
import dev.tandem.adapter.event.InvalidEventsException;
import dev.tandem.adapter.event.Problem;
import dev.tandem.adapter.ingest.IngestService;
import dev.tandem.adapter.ingest.NotDurableException;
import dev.tandem.realtimebridge.writer.OutageFullException;
import dev.tandem.realtimebridge.writer.WriterFullException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's HTTP API on Javalin (virtual threads): ingest, health, validation summary and runs
 * ({@link ValidationRunRoutes}), the rollout ({@link RolloutRoutes}), the dashboard ({@link DashboardRoutes}). Every error answer is JSON
 * {@code {"error": code, "message": text, "problems": [{item, field, rule}]}}.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventParser parser;
    private final IngestService ingest;
    /** Bound on a test event's message, so the endpoint cannot be used to broadcast large payloads. */
    public static final int MAX_TEST_EVENT_MESSAGE_CHARS = 256;
    static final String DEFAULT_TEST_EVENT_MESSAGE = "test event";
    private final java.util.function.UnaryOperator<String> testEvents;
    private final Supplier<ObjectNode> health;
    private final Supplier<ObjectNode> validationSummary;
    private final Javalin app;

    /**
     * @param testEvents broadcasts a {@code test_event} with the given message to every legacy client and
     *                   returns its event id
     */
    public HttpApi(String host, int port, EventParser parser, IngestService ingest,
                   java.util.function.UnaryOperator<String> testEvents, Supplier<ObjectNode> health,
                   Supplier<ObjectNode> validationSummary, ValidationRunRoutes validationRuns, RolloutRoutes rollout,
                   DashboardRoutes dashboard) {
        this.parser = parser;
        this.ingest = ingest;
        this.testEvents = testEvents;
        this.health = health;
        this.validationSummary = validationSummary;
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            // Our own bound answers oversized bodies with a JSON error naming the limit.
            cfg.http.maxRequestSize = (long) parser.limits().maxBodyBytes() + 1;
            cfg.routes.post("/api/events", this::postEvents);
            cfg.routes.get("/health", this::getHealth);
            cfg.routes.post("/api/test-event", this::postTestEvent);
            cfg.routes.get("/api/validation/summary", ctx -> json(ctx, 200, this.validationSummary.get()));
            validationRuns.register(cfg.routes);
            rollout.register(cfg.routes);
            dashboard.register(cfg.routes);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, error("internal", "internal error: " + e.getClass().getSimpleName(), List.of()));
            });
            cfg.routes.error(404, ctx -> {
                // A route's own 404 (an unknown run, say) is JSON already and keeps its answer; Javalin's own "not
                // found" (it fills in a plain-text result before this runs) is replaced.
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith(Replies.JSON)) {
                    json(ctx, 404, error("not_found", "no route for " + ctx.method() + " " + ctx.path(), List.of()));
                }
            });
        });
    }

    /** Binds and starts serving; returns the bound port. */
    public int start() {
        app.start();
        return app.port();
    }

    public int port() {
        return app.port();
    }

    private void postEvents(Context ctx) throws IOException {
        byte[] body;
        int max = parser.limits().maxBodyBytes();
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(max + 1);
        }
        List<EventDraft> drafts;
        try {
            drafts = parser.parse(body);
        } catch (InvalidEventsException e) {
            json(ctx, 400, error(e.code(), e.getMessage(), e.problems()));
            return;
        }
        try {
            List<IngestService.Accepted> accepted = ingest.ingest(drafts);
            ObjectNode out = mapper.createObjectNode();
            out.put("accepted", accepted.size());
            out.set("events", ids(accepted));
            json(ctx, 202, out);
        } catch (OutageFullException e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            ObjectNode out = error("outage_full", "PostgreSQL is unreachable and the outage buffer is full ("
                    + Setting.OUTAGE_MAX_BYTES.env() + "=" + e.maxBytes() + " bytes): " + e.getMessage()
                    + "; nothing from this request was accepted, retry after " + e.retryAfterSeconds() + " s", List.of());
            out.putObject("limit").put("setting", Setting.OUTAGE_MAX_BYTES.env()).put("value", e.maxBytes());
            json(ctx, 503, out);
        } catch (WriterFullException e) {
            ctx.header("Retry-After", "1");
            json(ctx, 503, error("overloaded", e.getMessage() + "; nothing from this request was accepted, retry later", List.of()));
        } catch (NotDurableException e) {
            ctx.header("Retry-After", "1");
            ObjectNode out = error("not_durable", e.getMessage()
                    + "; retry with these event_ids (writes are idempotent)", List.of());
            out.set("events", ids(e.accepted()));
            json(ctx, 503, out);
        }
    }

    /** Body optional: {@code {"message": "..."}}. Answers 202 with the test event's id. */
    private void postTestEvent(Context ctx) throws IOException {
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(4096);
        }
        String message = DEFAULT_TEST_EVENT_MESSAGE;
        if (body.length > 0) {
            com.fasterxml.jackson.databind.JsonNode root;
            try {
                root = mapper.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                json(ctx, 400, error("bad_json", "body: must be valid JSON or empty: " + e.getOriginalMessage(),
                        List.of(new Problem(null, "body", "must be valid JSON or empty"))));
                return;
            }
            com.fasterxml.jackson.databind.JsonNode m = root == null ? null : root.get("message");
            if (m != null && !m.isNull()) {
                if (!m.isTextual() || m.textValue().length() > MAX_TEST_EVENT_MESSAGE_CHARS) {
                    String rule = "must be a string of at most " + MAX_TEST_EVENT_MESSAGE_CHARS + " characters";
                    json(ctx, 400, error("invalid_events", "message: " + rule, List.of(new Problem(null, "message", rule))));
                    return;
                }
                message = m.textValue();
            }
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("event_id", testEvents.apply(message));
        out.put("message", message);
        json(ctx, 202, out);
    }

    private void getHealth(Context ctx) {
        ObjectNode h = health.get();
        json(ctx, "ok".equals(h.path("status").asText()) ? 200 : 503, h);
    }

    private ArrayNode ids(List<IngestService.Accepted> accepted) {
        ArrayNode arr = mapper.createArrayNode();
        for (IngestService.Accepted a : accepted) {
            arr.addObject().put("event_id", a.eventId().toString()).put("seq", a.seq());
        }
        return arr;
    }

    private ObjectNode error(String code, String message, List<Problem> problems) {
        return Replies.error(mapper, code, message, problems);
    }

    private void json(Context ctx, int status, ObjectNode body) {
        Replies.json(mapper, ctx, status, body);
    }

    @Override
    public void close() {
        app.stop();
    }
}
