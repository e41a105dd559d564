package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.togglz.core.repository.FeatureState;

/**
 * Changes flags the only way Tandem changes them: in one transaction that holds the rollout lock (so two admins,
 * or an admin and auto-rollback, never interleave), reads the current states from the table rather than a cache,
 * asks the plan for the new states (the plan may refuse), writes those that differ with one audit row each, plus
 * one for the stage when it moved, and commits. The table's trigger then tells every instance.
 */
final class FlagStore {
    /** pg_advisory_xact_lock key of rollout changes: "TNDMROLL" as a long. */
    private static final long LOCK_KEY = 0x544E444D524F4C4CL;
    private final DataSource db;
    private final ObjectMapper json = new ObjectMapper();

    FlagStore(DataSource db) {
        this.db = db;
    }

    /** The new states of the flags a change touches, computed from the current ones; may refuse. */
    @FunctionalInterface
    interface Plan {
        List<FeatureState> next(FlagSnapshot current) throws RolloutRefusedException, SQLException;
    }

    FlagSnapshot read() throws SQLException {
        try (Connection c = db.getConnection()) {
            return new FlagSnapshot(FlagTable.readAll(c));
        }
    }

    RolloutChange change(String actor, String reason, Plan plan) throws SQLException, RolloutRefusedException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, LOCK_KEY);
                    ps.execute();
                }
                Map<TandemFeature, FeatureState> stored = FlagTable.readAll(c);
                FlagSnapshot before = new FlagSnapshot(stored);
                Map<TandemFeature, FeatureState> next = new EnumMap<>(TandemFeature.class);
                for (TandemFeature f : TandemFeature.values()) {
                    next.put(f, before.state(f));
                }
                int written = 0;
                for (FeatureState s : plan.next(before)) {
                    TandemFeature f = (TandemFeature) s.getFeature();
                    ObjectNode old = FlagSnapshot.flagJson(json, next.get(f));
                    ObjectNode now = FlagSnapshot.flagJson(json, s);
                    if (!old.equals(now) || !stored.containsKey(f)) {
                        FlagTable.upsert(c, s);
                        if (!old.equals(now)) {
                            AuditLog.record(c, actor, f.name(), old, now, reason);
                            written++;
                        }
                    }
                    next.put(f, s.copy());
                }
                FlagSnapshot after = new FlagSnapshot(next);
                if (before.stage() != after.stage()) {
                    AuditLog.record(c, actor, "stage", json.createObjectNode().put("stage", before.stage().name()),
                            json.createObjectNode().put("stage", after.stage().name()), reason);
                }
                c.commit();
                return new RolloutChange(before, after, written);
            } catch (SQLException | RolloutRefusedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
