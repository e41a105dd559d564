package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.DatabasePreparer;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.migrations.Migrator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem migrate}: applies the schema (creating the database when absent), or shows its state. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies Tandem's schema to the database (creating the database when absent).")
final class MigrateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--info", description = "Show each migration and its state instead of applying anything.")
    boolean info;

    @Override
    public Integer call() throws StartupException {
        TandemConfig c = SettingFlags.resolve(spec);
        PrintWriter out = spec.commandLine().getOut();
        String created = DatabasePreparer.ensureDatabase(c.dbUrl(), c.dbUser(), c.dbPassword());
        if (created != null) {
            out.println(created);
        }
        Migrator migrator = new Migrator(c.dbUrl(), c.dbUser(), c.dbPassword());
        try {
            if (info) {
                out.printf("%-8s %-30s %-10s %s%n", "version", "description", "state", "installed on");
                for (Migrator.Line l : migrator.info()) {
                    out.printf("%-8s %-30s %-10s %s%n", l.version(), l.description(), l.state(),
                            l.installedOn() == null ? "-" : l.installedOn());
                }
                return 0;
            }
            Migrator.Result r = migrator.migrate();
            out.println(r.migrationsExecuted() == 0 ? "schema already current at " + TandemConfig.redacted(c.dbUrl())
                    : "applied " + r.migrationsExecuted() + " migration(s) to " + TandemConfig.redacted(c.dbUrl()) + ", now at version " + r.schemaVersion());
            return 0;
        } catch (RuntimeException e) {
            throw new StartupException("migration failed: " + e.getMessage(), e);
        }
    }
}
