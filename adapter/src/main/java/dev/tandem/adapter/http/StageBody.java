package dev.tandem.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.rollout.AuditLog;
import dev.tandem.adapter.rollout.FlagSnapshot;
import dev.tandem.adapter.rollout.Rollout;
import dev.tandem.adapter.rollout.RolloutParameters;
import dev.tandem.adapter.rollout.RolloutRefusedException;
import dev.tandem.adapter.rollout.Stage;
import dev.tandem.adapter.rollout.TandemFeature;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code GET /api/stage} and {@code POST /api/stage} bodies. A POST is
 * {@code {"action": "advance" | "rollback" | "set", "stage": "CANARY", "percentage": 10, "reason": "..."}}:
 * {@code stage} only with {@code set}, {@code percentage} only for CANARY.
 */
final class StageBody {
    private final Rollout rollout;
    private final ObjectMapper mapper;

    StageBody(Rollout rollout, ObjectMapper mapper) {
        this.rollout = rollout;
        this.mapper = mapper;
    }

    /** The stage, the flags behind it, and whether the next step would be allowed now (and why not). */
    ObjectNode show() throws SQLException {
        FlagSnapshot f = rollout.current();
        Stage stage = f.stage();
        ObjectNode out = mapper.createObjectNode();
        out.put("stage", stage.name());
        out.put("realtime_percentage", f.effectiveBasisPoints() / 100.0);
        out.put("kill_switch", f.enabled(TandemFeature.KILL_SWITCH));
        out.put("auto_rollback", f.enabled(TandemFeature.AUTO_ROLLBACK));
        out.put("legacy_broadcast", f.legacyBroadcast());
        out.put("previous", stage.previous() == null ? null : stage.previous().name());
        Stage next = stage.next();
        out.put("next", next == null ? null : next.name());
        if (next != null) {
            List<String> failed = rollout.guardFailures(next, null);
            ObjectNode g = out.putObject("next_allowed");
            g.put("allowed", failed.isEmpty());
            var list = g.putArray("failed_conditions");
            failed.forEach(list::add);
        }
        ObjectNode flags = out.putObject("flags");
        for (TandemFeature t : TandemFeature.values()) {
            flags.put(t.name(), f.enabled(t));
        }
        return out;
    }

    ObjectNode apply(JsonNode b, String actor) throws SQLException, RolloutRefusedException {
        String action = b.path("action").asText("");
        Integer bp = percentage(b);
        String reason = reason(b);
        var r = switch (action) {
            case "advance" -> rollout.advance(bp, actor, reason);
            case "rollback" -> rollout.rollback(actor, reason);
            case "set" -> {
                if (!b.path("stage").isTextual()) {
                    throw new IllegalArgumentException("stage: must be given with action set, one of "
                            + List.of(Stage.values()));
                }
                yield rollout.moveTo(Stage.parse(b.get("stage").textValue()), bp, actor, reason);
            }
            default -> throw new IllegalArgumentException("action: must be one of advance, rollback, set; got '"
                    + action + "'");
        };
        ObjectNode out = mapper.createObjectNode();
        out.put("from", r.before().stage().name());
        out.put("stage", r.after().stage().name());
        out.put("realtime_percentage", r.after().effectiveBasisPoints() / 100.0);
        out.put("flags_written", r.flagsWritten());
        return out;
    }

    private static Integer percentage(JsonNode b) {
        JsonNode p = b.get("percentage");
        if (p == null || p.isNull()) {
            return null;
        }
        if (!p.isNumber() && !p.isTextual()) {
            throw new IllegalArgumentException("percentage: must be a number more than 0 and less than 100");
        }
        return RolloutParameters.basisPoints("percentage", p.asText());
    }

    static String reason(JsonNode b) {
        JsonNode r = b.get("reason");
        if (r == null || r.isNull()) {
            return "";
        }
        if (!r.isTextual() || r.textValue().length() > AuditLog.MAX_REASON_CHARS) {
            throw new IllegalArgumentException("reason: must be a string of at most " + AuditLog.MAX_REASON_CHARS
                    + " characters");
        }
        return r.textValue();
    }
}
