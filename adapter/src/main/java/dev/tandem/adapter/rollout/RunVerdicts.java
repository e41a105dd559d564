package dev.tandem.adapter.rollout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The verdicts of closed validation runs ({@code validation_runs}, V4), for guard rails. */
public final class RunVerdicts {
    public static final String GO = "GO";

    /** One closed run's verdict. */
    public record RunVerdict(UUID id, Instant startedAt, Instant endedAt, String verdict, List<String> reasons) {
        public boolean go() {
            return GO.equals(verdict);
        }
    }

    private static final String SELECT = "SELECT id, started_at, ended_at, verdict,"
            + " coalesce(ARRAY(SELECT jsonb_array_elements_text(report->'verdict'->'reasons')), '{}')"
            + " FROM validation_runs ";
    private final DataSource db;

    public RunVerdicts(DataSource db) {
        this.db = db;
    }

    public Optional<RunVerdict> latest() throws SQLException {
        List<RunVerdict> one = query(SELECT + "ORDER BY ended_at DESC, id DESC LIMIT 1", null);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** Runs that ended after {@code since}, oldest first. */
    public List<RunVerdict> endedAfter(Instant since) throws SQLException {
        return query(SELECT + "WHERE ended_at > ? ORDER BY ended_at, id", since);
    }

    private List<RunVerdict> query(String sql, Instant since) throws SQLException {
        List<RunVerdict> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (since != null) {
                ps.setTimestamp(1, Timestamp.from(since));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunVerdict(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant(), rs.getString(4),
                            Arrays.asList((String[]) rs.getArray(5).getArray())));
                }
            }
        }
        return out;
    }
}
