package dev.tandem.realtimebridge.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes one instance's latest figures per component into {@code monitoring_stats}, the table Realtime
 * dashboards read for what legacy ones get in {@code initial_stats} and {@code stats}. A component whose
 * figures did not change is not rewritten: every rewrite is an UPDATE that Realtime sends to every
 * subscribed dashboard, and counts against the project's message quota.
 */
public final class StatsTable {
    /** Components written per call at most; a stats message has a dozen or so. */
    public static final int MAX_COMPONENTS = 1_000;
    /** Longest component name accepted (connection types are short words). */
    public static final int MAX_COMPONENT_LENGTH = 200;
    private static final String UPSERT = """
            INSERT INTO monitoring_stats (source, component, stats, updated_at) VALUES (?, ?, ?::jsonb, ?)
            ON CONFLICT (source, component) DO UPDATE SET stats = EXCLUDED.stats, updated_at = EXCLUDED.updated_at
            WHERE monitoring_stats.stats IS DISTINCT FROM EXCLUDED.stats""";

    private final DataSource dataSource;
    private final String source;

    /** @param source this instance's id, the {@code source} of its events */
    public StatsTable(DataSource dataSource, String source) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.source = Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
    }

    /**
     * Upserts every component's figures (a JSON object's text each) in one transaction, all or none, and
     * returns how many rows were inserted or changed.
     *
     * @throws IllegalArgumentException naming the component when a name is blank or too long, or when there
     *                                  are more than {@link #MAX_COMPONENTS}; nothing is written then
     */
    public int upsert(Map<String, String> figuresByComponent, Instant at) throws SQLException {
        Objects.requireNonNull(at, "at");
        if (figuresByComponent.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("components: " + figuresByComponent.size() + " given, at most "
                    + MAX_COMPONENTS);
        }
        for (Map.Entry<String, String> e : figuresByComponent.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank() || name.length() > MAX_COMPONENT_LENGTH) {
                throw new IllegalArgumentException("component name must be 1.." + MAX_COMPONENT_LENGTH
                        + " characters, got " + (name == null ? "null" : "'" + name + "'"));
            }
            Objects.requireNonNull(e.getValue(), () -> "figures of component " + name);
        }
        if (figuresByComponent.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                Timestamp ts = Timestamp.from(at);
                int changed = 0;
                // One statement each, not a batch: a rewritten batch reports no per-row counts, and a dozen
                // rows every few seconds cost nothing.
                for (Map.Entry<String, String> e : figuresByComponent.entrySet()) {
                    ps.setString(1, source);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.setTimestamp(4, ts);
                    changed += ps.executeUpdate();
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
