package dev.tandem.migrations;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Tandem's schema (tables, the {@code supabase_realtime} publication) with Flyway.
 * The SQL lives in {@code db/tandem} on the classpath; the history table is Flyway's default.
 */
public final class Migrator {
    /** Where the migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/tandem";
    /** Tandem's own history table, so it never collides with another Flyway user of the same database. */
    public static final String HISTORY_TABLE = "tandem_schema_history";

    private final Flyway flyway;

    public Migrator(String jdbcUrl, String user, String password) {
        this.flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .table(HISTORY_TABLE)
                // A hosted Supabase database is never empty: start the history below V1 so V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /** Applies every pending migration; returns how many ran (0 when the schema was already current). */
    public Result migrate() {
        MigrateResult result = flyway.migrate();
        return new Result(result.migrationsExecuted, result.targetSchemaVersion);
    }

    /** One line per known migration: version, description, state (Success, Pending, ...). */
    public List<Line> info() {
        return Arrays.stream(flyway.info().all())
                .filter(m -> !m.getType().isBaseline())
                .map(Migrator::line)
                .toList();
    }

    private static Line line(MigrationInfo m) {
        return new Line(String.valueOf(m.getVersion()), m.getDescription(), m.getState().getDisplayName(),
                m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString());
    }

    /** What one {@link #migrate()} did. {@code schemaVersion} is null when nothing ran. */
    public record Result(int migrationsExecuted, String schemaVersion) {
    }

    /** A row of {@link #info()}. {@code installedOn} is null for pending migrations. */
    public record Line(String version, String description, String state, String installedOn) {
    }
}
