package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.service.StartupException;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code tandem}: the command line. Failures print one line naming the problem, never a stack trace. */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemCli.Version.class,
        description = "Runs a legacy WebSocket broadcaster and Supabase Realtime in tandem and proves they agree.",
        subcommands = {ServeCommand.class, MigrateCommand.class, DemoCommand.class, TapCommand.class,
                RecordCommand.class, ValidateCommand.class, StageCommand.class, RealtimeLocalCommand.class,
                CommandLine.HelpCommand.class})
public final class TandemCli implements Runnable {
    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;
    static final Set<Setting> DATABASE_SETTINGS = EnumSet.of(Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD);
    /** realtime-local migrates like migrate, so it takes the settings the schema follows too. */
    static final Set<Setting> REALTIME_LOCAL_SETTINGS = EnumSet.of(Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD,
            Setting.REALTIME_MODE, Setting.REALTIME_TOPIC, Setting.REALTIME_ANON_READ);

    @CommandLine.Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with one flag per {@link Setting} on each command that reads it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TandemCli());
        addSettings(cli.getSubcommands().get("serve"), EnumSet.allOf(Setting.class));
        addSettings(cli.getSubcommands().get("demo"), EnumSet.allOf(Setting.class));
        addSettings(cli.getSubcommands().get("migrate"), DATABASE_SETTINGS);
        addSettings(cli.getSubcommands().get("record"), RecordCommand.SETTINGS); // its tap connects like serve's
        addSettings(cli.getSubcommands().get("stage"), StageCommand.SETTINGS);
        addSettings(cli.getSubcommands().get("realtime-local"), REALTIME_LOCAL_SETTINGS);
        cli.getSubcommands().get("tap").getSubcommands().values().forEach(c -> addSettings(c, TapCommand.SETTINGS));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("tandem: " + e.getMessage());
                return EXIT_BAD_CONFIG;
            }
            if (e instanceof StartupException) {
                cmd.getErr().println("tandem: " + e.getMessage());
                return EXIT_STARTUP_FAILED;
            }
            throw e;
        });
        return cli;
    }

    private static void addSettings(CommandLine cmd, Set<Setting> settings) {
        for (Setting s : settings) {
            String shown = s.secret() ? "" : s.defaultValue().isEmpty() ? " Default: none." : " Default: " + s.defaultValue() + ".";
            cmd.getCommandSpec().addOption(OptionSpec.builder(s.flag())
                    .paramLabel("<value>")
                    .type(String.class)
                    .description(capitalised(s.description()) + "." + shown + " Env: " + s.env() + ".")
                    .build());
        }
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TandemCli.class.getPackage().getImplementationVersion();
            return new String[] {"tandem " + (v == null ? "(development build)" : v)};
        }
    }
}
