package dev.tandem.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.Problem;
import io.javalin.http.Context;
import java.util.List;

/** How every route answers in JSON, errors as {@code {"error": code, "message": text, "problems": [...]}}. */
final class Replies {
    static final String JSON = "application/json";

    private Replies() {
    }

    static ObjectNode error(ObjectMapper mapper, String code, String message, List<Problem> problems) {
        ObjectNode out = mapper.createObjectNode();
        out.put("error", code);
        out.put("message", message);
        ArrayNode arr = out.putArray("problems");
        for (Problem p : problems) {
            ObjectNode o = arr.addObject();
            if (p.item() == null) {
                o.putNull("item");
            } else {
                o.put("item", p.item());
            }
            o.put("field", p.field());
            o.put("rule", p.rule());
        }
        return out;
    }

    /** Answers {@code refusal} (an auth check's outcome) when there is one; true if it did. */
    static boolean refused(ObjectMapper mapper, Context ctx, java.util.Optional<AdminAuth.Refusal> refusal) {
        refusal.ifPresent(r -> json(mapper, ctx, r.status(), error(mapper, r.code(), r.message(), List.of())));
        return refusal.isPresent();
    }

    static void json(ObjectMapper mapper, Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code limit} query parameter, 1..{@code max}, or {@code fallback} when absent; when it is out of range
     * this answers 400 naming it and returns empty.
     */
    static java.util.OptionalInt limit(ObjectMapper mapper, Context ctx, int fallback, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return java.util.OptionalInt.of(fallback);
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit >= 1 && limit <= max) {
            return java.util.OptionalInt.of(limit);
        }
        String rule = "must be an integer from 1 to " + max;
        json(mapper, ctx, 400, error(mapper, "bad_request", "limit: " + rule + ", got '" + raw + "'",
                List.of(new Problem(null, "limit", rule + ", got '" + raw + "'"))));
        return java.util.OptionalInt.empty();
    }
}
