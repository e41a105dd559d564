package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.cli.TandemCli;
import dev.tandem.testsupport.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line in-process: exit codes, one-line failures without stack traces, migrate. */
class CliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = TandemCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpListingItsSettings() {
        for (String cmd : new String[] {"serve", "migrate", "demo"}) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.exit(), cmd);
            assertTrue(r.out().contains("--db-url"), cmd + ": " + r.out());
            assertTrue(r.out().contains("TANDEM_DB_URL"), cmd + ": " + r.out());
        }
        assertTrue(run("serve", "--help").out().contains("TANDEM_HTTP_PORT"));
        assertTrue(run("demo", "--help").out().contains("--rate"));
        assertTrue(run("migrate", "--help").out().contains("--info"));
    }

    @Test
    void aBadSettingExitsWithTwoAndOneLineNamingIt() {
        Run r = run("serve", "--http-port", "eighty");
        assertEquals(2, r.exit());
        assertEquals("tandem: TANDEM_HTTP_PORT (--http-port) must be an integer from 0 to 65535 (0: any free port), got 'eighty'",
                r.err().strip());
    }

    @Test
    void anUnreachableDatabaseExitsWithOneAndNoStackTrace() {
        Run r = run("serve", "--db-url", "jdbc:postgresql://127.0.0.1:1/tandem", "--http-port", "0", "--ws-port", "0");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("tandem: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/tandem"), r.err());
        assertTrue(r.err().contains("TANDEM_DB_URL"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void migrateCreatesTheDatabaseAppliesOnceAndShowsInfo() {
        TestDatabase db = TestDatabase.create("cli_migrate");
        db.close(); // the name is now free: migrate must create it
        try {
            String[] target = {"--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password()};
            Run first = run(concat(new String[] {"migrate"}, target));
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("created database " + db.name()), first.out());
            assertTrue(first.out().contains("applied 6 migration(s)"), first.out());

            Run second = run(concat(new String[] {"migrate"}, target));
            assertTrue(second.out().contains("schema already current"), second.out());

            Run info = run(concat(new String[] {"migrate", "--info"}, target));
            assertTrue(info.out().lines().anyMatch(l -> l.startsWith("1 ") && l.contains("monitoring events") && l.contains("Success")),
                    info.out());
        } finally {
            db.close();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
