package dev.tandem.adapter.rollout;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.togglz.core.Feature;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.StateRepository;

/**
 * Togglz's {@link StateRepository} over {@code rollout_flags}. Reads only: every write goes through
 * {@link FlagStore}, which locks, audits and writes in one transaction (Togglz's own JDBC repository writes one
 * flag per transaction and keeps no history, togglz#179), so {@link #setFeatureState} refuses.
 */
final class PostgresStateRepository implements StateRepository {
    private final DataSource db;

    PostgresStateRepository(DataSource db) {
        this.db = db;
    }

    @Override
    public FeatureState getFeatureState(Feature feature) {
        TandemFeature f = TandemFeature.byName(feature.name());
        if (f == null) {
            return null;
        }
        try (Connection c = db.getConnection()) {
            return FlagTable.read(c, f);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read flag " + f + " from rollout_flags: " + e.getMessage(), e);
        }
    }

    @Override
    public void setFeatureState(FeatureState state) {
        throw new UnsupportedOperationException("flags change through Tandem's API (PUT /api/flags/{name}) or"
                + " `tandem stage`, which audit every change");
    }
}
