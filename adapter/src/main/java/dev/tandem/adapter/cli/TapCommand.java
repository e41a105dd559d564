package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.SlotStatus;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem tap status} and {@code tandem tap drop-slot}: the replication tap's slot, which outlives every
 * run of {@code serve} so that a restart resumes where it stopped, and which keeps WAL on the server until it
 * is read or dropped. Neither subcommand creates the database or the slot.
 */
@Command(name = "tap", mixinStandardHelpOptions = true,
        description = "Shows or drops the replication tap's slot (the tap itself runs inside serve).",
        subcommands = {TapCommand.Status.class, TapCommand.DropSlot.class})
final class TapCommand implements Runnable {
    /** The settings both subcommands take as flags. */
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD, Setting.TAP_SLOT);
    /** How long drop-slot waits for a session that is letting go of the slot (a serve that is just stopping). */
    static final Duration DROP_WAIT = Duration.ofSeconds(2);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Shows the tap's replication slot: whether it exists and is being read, what the tap has"
                    + " acknowledged, how far behind the server's WAL that is (lag), and how much WAL the slot keeps."})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws StartupException {
            Lookup found = Lookup.of(spec);
            PrintWriter out = spec.commandLine().getOut();
            if (found.slot().isEmpty()) {
                out.println(found.missing("serve creates it when it first starts the tap"));
                return 0;
            }
            SlotStatus s = found.slot().get();
            out.println("replication slot " + s.slotName() + (s.isTapSlotOf(found.database()) ? ""
                    : " (not a tap slot of " + found.database() + ": " + describe(s) + ")"));
            out.printf("  %-20s %s%n", "database", orDash(s.database()));
            out.printf("  %-20s %s%n", "active", s.active() ? "yes, read by process " + s.activePid() : "no");
            out.printf("  %-20s %s%n", "confirmed_flush_lsn", orDash(s.confirmedFlushLsn()));
            out.printf("  %-20s %s%n", "restart_lsn", orDash(s.restartLsn()));
            out.printf("  %-20s %s%n", "current_wal_lsn", s.currentWalLsn());
            out.printf("  %-20s %s%n", "lag_bytes", s.lagBytes() == null ? "-"
                    : s.lagBytes() + " (WAL written since the tap's last acknowledgement)");
            out.printf("  %-20s %s%n", "retained_wal_bytes", s.retainedWalBytes() == null ? "-"
                    : s.retainedWalBytes() + " (WAL the server keeps for this slot)");
            out.printf("  %-20s %s%n", "wal_status", orDash(s.walStatus()));
            return 0;
        }
    }

    @Command(name = "drop-slot", mixinStandardHelpOptions = true,
            description = {"Drops the tap's replication slot, releasing the WAL it keeps. Changes not yet read from"
                    + " it are gone for the tap: do this when retiring an instance, not to fix a lag.",
                    "Refuses while a tap reads the slot (stop serve first) and leaves alone a slot of that name"
                    + " that is not a tap slot of this database."})
    static final class DropSlot implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws StartupException {
            Lookup found = Lookup.of(spec);
            PrintWriter out = spec.commandLine().getOut();
            TandemConfig c = found.config();
            if (found.slot().isEmpty()) {
                out.println(found.missing("nothing to drop"));
                return 0;
            }
            SlotStatus s = found.slot().get();
            if (!s.isTapSlotOf(found.database())) {
                throw new StartupException("replication slot " + s.slotName() + " is " + describe(s)
                        + ", not a tap slot of database " + found.database() + " (logical, pgoutput); not dropped");
            }
            if (s.active()) {
                throw new StartupException("replication slot " + s.slotName() + " is being read by process "
                        + s.activePid() + " (a running tandem serve?); stop it first. Nothing was dropped.");
            }
            try {
                ReplicationTap.dropSlot(c.dbUrl(), c.dbUser(), c.dbPassword(), c.tapSlot(), DROP_WAIT);
            } catch (IllegalStateException e) {
                throw new StartupException(e.getMessage() + ". Nothing was dropped.", e);
            }
            out.println("dropped replication slot " + c.tapSlot() + " (database " + found.database() + "); the WAL"
                    + " it kept is released, and the next serve starts a new slot from the current position");
            return 0;
        }
    }

    /** The resolved settings, the database connected to, and the slot as the server has it right now. */
    private record Lookup(TandemConfig config, String database, Optional<SlotStatus> slot) {
        static Lookup of(CommandLine.Model.CommandSpec spec) throws StartupException {
            TandemConfig c = SettingFlags.resolve(spec);
            try (Connection db = connect(c)) {
                return new Lookup(c, currentDatabase(db), SlotStatus.read(db, c.tapSlot()));
            } catch (SQLException e) {
                throw new StartupException("could not read replication slot " + c.tapSlot() + ": " + e.getMessage(), e);
            }
        }

        String missing(String consequence) {
            return "replication slot " + config.tapSlot() + " does not exist (database " + database + "); " + consequence;
        }
    }

    static Connection connect(TandemConfig c) throws StartupException {
        Properties p = new Properties();
        p.setProperty("user", c.dbUser());
        p.setProperty("password", c.dbPassword());
        p.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(c.dbUrl(), p);
        } catch (SQLException e) {
            throw new StartupException("cannot connect to PostgreSQL at " + TandemConfig.redacted(c.dbUrl()) + " as "
                    + c.dbUser() + ": " + e.getMessage() + " (check " + Setting.DB_URL.label() + ", "
                    + Setting.DB_USER.label() + " and " + Setting.DB_PASSWORD.label() + ")", e);
        }
    }

    private static String currentDatabase(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String describe(SlotStatus s) {
        return "logical".equals(s.slotType())
                ? "a logical slot with plugin " + s.plugin() + " on database " + s.database()
                : "a " + s.slotType() + " slot";
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
