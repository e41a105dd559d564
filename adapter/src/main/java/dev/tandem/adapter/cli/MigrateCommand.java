package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.DatabasePreparer;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.migrations.MigrationRefusedException;
import dev.tandem.migrations.Migrator;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code tandem migrate}: applies the schema (creating the database when absent), or shows its state. The
 * Realtime part of the schema follows the realtime settings, so they are flags here as well as on serve.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, modelTransformer = MigrateCommand.RealtimeFlags.class,
        description = "Applies Tandem's schema to the database (creating the database when absent).")
final class MigrateCommand implements Callable<Integer> {
    /** The settings the Realtime part of the schema follows ({@code R__realtime_access.sql}). */
    static final Set<Setting> REALTIME_SETTINGS =
            EnumSet.of(Setting.REALTIME_MODE, Setting.REALTIME_TOPIC, Setting.REALTIME_ANON_READ);

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--info", description = "Show each migration and its state (for the realtime settings given)"
            + " instead of applying anything.")
    boolean info;

    @Override
    public Integer call() throws StartupException {
        TandemConfig c = SettingFlags.resolve(spec);
        PrintWriter out = spec.commandLine().getOut();
        Migrator migrator = new Migrator(c.dbUrl(), c.dbUser(), c.dbPassword(), c.realtime());
        if (!info) {
            refuseEarly(migrator); // before the database is created: a refusal changes nothing
        }
        String created = DatabasePreparer.ensureDatabase(c.dbUrl(), c.dbUser(), c.dbPassword());
        if (created != null) {
            out.println(created);
        }
        try {
            if (info) {
                out.printf("%-8s %-30s %-10s %s%n", "version", "description", "state", "installed on");
                for (Migrator.Line l : migrator.info()) {
                    out.printf("%-8s %-30s %-10s %s%n", l.version() == null ? "R" : l.version(), l.description(), l.state(),
                            l.installedOn() == null ? "-" : l.installedOn());
                }
                return 0;
            }
            Migrator.Result r = migrator.migrate();
            out.println(r.migrationsExecuted() == 0 ? "schema already current at " + TandemConfig.redacted(c.dbUrl())
                    : "applied " + r.migrationsExecuted() + " migration(s) to " + TandemConfig.redacted(c.dbUrl()) + ", now at version " + r.schemaVersion());
            out.println("realtime: " + c.realtime().describe());
            return 0;
        } catch (MigrationRefusedException e) {
            throw refused(e);
        } catch (RuntimeException e) {
            throw new StartupException("migration failed: " + e.getMessage(), e);
        }
    }

    private static void refuseEarly(Migrator migrator) {
        try {
            migrator.checkApplicable();
        } catch (MigrationRefusedException e) {
            throw refused(e);
        }
    }

    /** A refusal is a setting the database cannot take: exit 2, like any other bad setting. */
    private static ConfigException refused(MigrationRefusedException e) {
        return new ConfigException(Setting.REALTIME_MODE.label() + " is broadcast, but " + e.getMessage());
    }

    /** Adds a flag for each of {@link #REALTIME_SETTINGS}; TandemCli gives migrate the database ones. */
    static final class RealtimeFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Setting s : REALTIME_SETTINGS) {
                spec.addOption(OptionSpec.builder(s.flag())
                        .paramLabel("<value>")
                        .type(String.class)
                        .description(s.description() + ". Default: " + s.defaultValue() + ". Env: " + s.env() + ".")
                        .build());
            }
            return spec;
        }
    }
}
