package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.DatabasePreparer;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem realtime-local}: a Supabase-Realtime-compatible WebSocket endpoint on this machine, fed by its own
 * replication tap, so that supabase-js dashboards and tests run without Docker or a Supabase project. For
 * development and tests only.
 */
@Command(name = "realtime-local", mixinStandardHelpOptions = true,
        description = {"Serves a local Supabase-Realtime-compatible endpoint (Postgres Changes of the supabase_realtime"
                + " publication, vsn 1.0.0 and 2.0.0) at ws://<host>:<port>/realtime/v1/websocket, for development"
                + " and tests only: give supabase-js http://<host>:<port> as its URL and a key signed with the secret.",
                "Applies the schema first, like serve. Its replication slot is dropped when it stops."})
final class RealtimeLocalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    RealtimeLocalOptions options;

    @Override
    public Integer call() throws StartupException, InterruptedException {
        TandemConfig c = SettingFlags.resolve(spec);
        options.config(c, null); // a bad setting is refused before anything is created
        options.tapConfig(c);
        String created = DatabasePreparer.ensureDatabase(c.dbUrl(), c.dbUser(), c.dbPassword());
        if (created != null) {
            spec.commandLine().getOut().println(created);
        }
        try {
            new Migrator(c.dbUrl(), c.dbUser(), c.dbPassword(), c.realtime()).migrate();
        } catch (RuntimeException e) {
            throw new StartupException("realtime-local: could not apply the schema to "
                    + TandemConfig.redacted(c.dbUrl()) + ": " + e.getMessage(), e);
        }
        LocalRealtimeServer server = options.start(c, null);
        spec.commandLine().getOut().println("local realtime (development and tests only): supabase-js URL "
                + server.httpUrl() + ", WebSocket " + server.url());
        spec.commandLine().getOut().flush();
        ServeCommand.runUntilStopped(server);
        return 0;
    }
}
