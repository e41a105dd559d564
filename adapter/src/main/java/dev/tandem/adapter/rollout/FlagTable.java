package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.togglz.core.repository.FeatureState;

/** Rows of {@code rollout_flags} (V5) as Togglz {@link FeatureState}s, on a connection the caller owns. */
final class FlagTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> PARAMS = new TypeReference<>() {
    };

    private FlagTable() {
    }

    /** The stored state of {@code f}, or null when the flag was never written (it then has its default). */
    static FeatureState read(Connection c, TandemFeature f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT enabled, strategy_id, parameters::text FROM rollout_flags WHERE name = ?")) {
            ps.setString(1, f.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? state(f, rs, 1) : null;
            }
        }
    }

    /** Every stored flag of this Tandem. */
    static Map<TandemFeature, FeatureState> readAll(Connection c) throws SQLException {
        Map<TandemFeature, FeatureState> out = new EnumMap<>(TandemFeature.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT name, enabled, strategy_id, parameters::text FROM rollout_flags");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                TandemFeature f = TandemFeature.byName(rs.getString(1));
                if (f != null) { // a flag a newer Tandem added: not ours to read
                    out.put(f, state(f, rs, 2));
                }
            }
        }
        return out;
    }

    static void upsert(Connection c, FeatureState s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rollout_flags (name, enabled, strategy_id, parameters, updated_at) VALUES (?, ?, ?, ?::jsonb, now())
                ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, strategy_id = excluded.strategy_id,
                    parameters = excluded.parameters, updated_at = now()""")) {
            ps.setString(1, s.getFeature().name());
            ps.setBoolean(2, s.isEnabled());
            ps.setString(3, s.getStrategyId());
            ps.setString(4, json(s.getParameterMap()));
            ps.executeUpdate();
        }
    }

    /** The state in the columns enabled, strategy_id, parameters starting at {@code first}. */
    private static FeatureState state(TandemFeature f, ResultSet rs, int first) throws SQLException {
        FeatureState s = new FeatureState(f, rs.getBoolean(first));
        s.setStrategyId(rs.getString(first + 1));
        try {
            JSON.readValue(rs.getString(first + 2), PARAMS).forEach(s::setParameter);
        } catch (JsonProcessingException e) {
            throw new SQLException("rollout_flags." + f.name() + ".parameters: not an object of strings: "
                    + e.getOriginalMessage(), e);
        }
        return s;
    }

    private static String json(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
