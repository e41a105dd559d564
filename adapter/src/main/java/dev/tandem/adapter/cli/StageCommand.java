package dev.tandem.adapter.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.rollout.FlagSnapshot;
import dev.tandem.adapter.rollout.FlagUpdate;
import dev.tandem.adapter.rollout.Rollout;
import dev.tandem.adapter.rollout.RolloutChange;
import dev.tandem.adapter.rollout.RolloutParameters;
import dev.tandem.adapter.rollout.RolloutRefusedException;
import dev.tandem.adapter.rollout.Stage;
import dev.tandem.adapter.rollout.TandemFeature;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.realtimebridge.writer.Pools;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem stage [show | advance | rollback | set STAGE | kill-switch on|off]}: the rollout stage, changed
 * straight in the database (running instances hear of it within moments), with the same guard rails and audit
 * as {@code POST /api/stage}. The audit actor is {@code cli:<user name>}.
 */
@Command(name = "stage", mixinStandardHelpOptions = true,
        description = {"Shows or changes the rollout stage: LEGACY_ONLY -> DUAL_WRITE -> SHADOW -> CANARY -> REALTIME"
                + " -> LEGACY_OFF. Forward steps are refused, with each failed condition named, when unsafe;"
                + " rollback never is. Exit status 3 when refused."})
final class StageCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD,
            Setting.ROLLOUT_CANARY_PERCENT, Setting.ROLLOUT_GO_WINDOW_MINUTES);
    static final int EXIT_REFUSED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "show", paramLabel = "ACTION",
            description = "show (default), advance, rollback, set, kill-switch")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARG",
            description = "set: the stage to go to; kill-switch: on or off")
    String argument;

    @Option(names = "--percentage", paramLabel = "P", description = "Share of dashboards on Realtime at CANARY (0 < P < 100).")
    String percentage;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
    String reason = "";

    @Override
    public Integer call() throws StartupException, SQLException {
        TandemConfig config = SettingFlags.resolve(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (HikariDataSource pool = Pools.hikari(config.dbUrl(), config.dbUser(), config.dbPassword(), 2, "tandem-stage")) {
            requireSchema(pool);
            Rollout rollout = new Rollout(pool, null, config.rollout().settings(), Clock.systemUTC());
            String actor = "cli:" + System.getProperty("user.name", "unknown");
            try {
                RolloutChange change = switch (action) {
                    case "show" -> null;
                    case "advance" -> rollout.advance(basisPoints(), actor, reason);
                    case "rollback" -> rollout.rollback(actor, reason);
                    case "set" -> rollout.moveTo(Stage.parse(required("a stage")), basisPoints(), actor, reason);
                    case "kill-switch" -> rollout.setFlag(TandemFeature.KILL_SWITCH,
                            new FlagUpdate(onOff(required("on or off")), null, null), actor, reason);
                    default -> throw new CommandLine.ParameterException(spec.commandLine(),
                            "ACTION must be one of show, advance, rollback, set, kill-switch; got '" + action + "'");
                };
                if (change != null && action.equals("kill-switch")) {
                    out.printf("KILL_SWITCH %s (%s)%n", argument, change.flagsWritten() == 0 ? "unchanged" : "changed");
                } else if (change != null) {
                    out.printf("stage %s -> %s (%d flag(s) changed)%n", change.before().stage(), change.after().stage(),
                            change.flagsWritten());
                }
            } catch (RolloutRefusedException e) {
                spec.commandLine().getErr().println("tandem: " + e.getMessage());
                return EXIT_REFUSED;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            show(out, rollout);
        }
        return 0;
    }

    private void show(PrintWriter out, Rollout rollout) throws SQLException {
        FlagSnapshot f = rollout.snapshot();
        Stage stage = f.stage();
        out.printf("stage: %s%n", stage);
        out.printf("dashboards on Realtime: %s%%%s%n", f.effectiveBasisPoints() / 100.0,
                f.enabled(TandemFeature.KILL_SWITCH) ? " (KILL SWITCH ON: everyone on legacy)" : "");
        for (TandemFeature t : TandemFeature.values()) {
            out.printf("  %-17s %s%n", t, f.enabled(t) ? "on" : "off");
        }
        if (stage.next() != null) {
            List<String> failed = rollout.guardFailures(stage.next(), null);
            out.printf("next: %s, %s%n", stage.next(), failed.isEmpty() ? "allowed now" : "refused now:");
            failed.forEach(c -> out.printf("  - %s%n", c));
        }
    }

    private Integer basisPoints() {
        if (percentage == null) {
            return null;
        }
        return RolloutParameters.basisPoints("--percentage", percentage);
    }

    private String required(String what) {
        if (argument == null) {
            throw new IllegalArgumentException(action + " needs ARG: " + what);
        }
        return argument;
    }

    private static boolean onOff(String v) {
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("kill-switch takes on or off, got '" + v + "'");
        };
    }

    private static void requireSchema(HikariDataSource pool) throws StartupException {
        try (Connection c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT to_regclass('rollout_flags') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new StartupException("this database has no rollout_flags table: run `tandem migrate` (or serve) first");
            }
        } catch (SQLException e) {
            throw new StartupException("could not reach the database: " + e.getMessage(), e);
        }
    }
}
