package dev.tandem.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Tandem's schema with Flyway: the tables, the {@code supabase_realtime} publication, Supabase's roles,
 * RLS and grants (versioned scripts), and the Realtime access that follows {@link RealtimeOptions}
 * ({@code R__realtime_access.sql}). The options reach that script as placeholders, and Flyway checksums a
 * repeatable script after replacing them: changing an option re-runs it, migrating again with the same
 * options runs nothing.
 */
public final class Migrator {
    /** Where the migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/tandem";
    /** Tandem's own history table, so it never collides with another Flyway user of the same database. */
    public static final String HISTORY_TABLE = "tandem_schema_history";
    /** SQLSTATE for "database does not exist". */
    private static final String INVALID_CATALOG = "3D000";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final RealtimeOptions options;
    private final Flyway flyway;

    /** A migrator with {@link RealtimeOptions#DEFAULTS}. */
    public Migrator(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, RealtimeOptions.DEFAULTS);
    }

    public Migrator(String jdbcUrl, String user, String password, RealtimeOptions options) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.options = options;
        this.flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .table(HISTORY_TABLE)
                // A hosted Supabase database is never empty: start the history below V1 so V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholders(Map.of(
                        "anon_read", String.valueOf(options.anonRead()),
                        "realtime_mode", options.mode().settingValue(),
                        "realtime_topic", options.topic()))
                .load();
    }

    /**
     * Applies every pending migration; returns how many ran (0 when the schema was already current).
     *
     * @throws MigrationRefusedException before changing anything, when {@link #checkApplicable()} refuses
     */
    public Result migrate() {
        checkApplicable();
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Result(result.migrationsExecuted, result.migrationsExecuted == 0 ? null : version);
    }

    /**
     * Refuses options this database cannot take, changing nothing: broadcast mode needs Supabase Realtime's
     * {@code realtime} schema. A database that does not exist has none; a server that cannot be reached is
     * left for {@link #migrate()} to report.
     *
     * @throws MigrationRefusedException naming what is missing
     */
    public void checkApplicable() {
        if (options.mode() != RealtimeMode.BROADCAST) {
            return;
        }
        String missing;
        try (Connection c = connect()) {
            missing = missingRealtimeObjects(c);
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                return;
            }
            missing = "the database does not exist yet";
        }
        if (missing != null) {
            throw new MigrationRefusedException("broadcast mode needs Supabase Realtime's realtime schema"
                    + " (realtime.messages, realtime.send, realtime.topic), and " + missing + "; nothing was changed."
                    + " Migrate a Supabase database, or use postgres_changes mode.");
        }
    }

    private static String missingRealtimeObjects(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT current_database(), to_regnamespace('realtime') IS NOT NULL,
                       to_regclass('realtime.messages') IS NOT NULL,
                       to_regprocedure('realtime.send(jsonb, text, text, boolean)') IS NOT NULL,
                       to_regprocedure('realtime.topic()') IS NOT NULL""")) {
            rs.next();
            String db = rs.getString(1);
            if (!rs.getBoolean(2)) {
                return "database " + db + " has no schema realtime";
            }
            List<String> absent = new ArrayList<>();
            String[] objects = {"realtime.messages", "realtime.send(jsonb, text, text, boolean)", "realtime.topic()"};
            for (int i = 0; i < objects.length; i++) {
                if (!rs.getBoolean(i + 3)) {
                    absent.add(objects[i]);
                }
            }
            return absent.isEmpty() ? null : "the realtime schema of database " + db + " lacks " + String.join(", ", absent);
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /**
     * One line per migration Flyway knows of, applied or pending, for these options: a repeatable script
     * applied with other option values shows as Outdated (or Superseded), and its run for these values as
     * Pending.
     */
    public List<Line> info() {
        return Arrays.stream(flyway.info().all())
                .filter(m -> !m.getType().isBaseline())
                .map(Migrator::line)
                .toList();
    }

    private static Line line(MigrationInfo m) {
        return new Line(m.getVersion() == null ? null : m.getVersion().toString(), m.getDescription(),
                m.getState().getDisplayName(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString());
    }

    /** What one {@link #migrate()} did. {@code schemaVersion} is null when nothing ran. */
    public record Result(int migrationsExecuted, String schemaVersion) {
    }

    /**
     * A row of {@link #info()}. {@code version} is null for the repeatable script; {@code installedOn} is null
     * for pending migrations.
     */
    public record Line(String version, String description, String state, String installedOn) {
    }
}
