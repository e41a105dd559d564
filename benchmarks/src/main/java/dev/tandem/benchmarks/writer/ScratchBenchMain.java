package dev.tandem.benchmarks.writer;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code main} of a benchmark that runs against a {@link ScratchDatabase}: parses its options (usage on
 * {@code --help} or a bad option, exit 2 for the latter), creates the database, runs, drops it, prints the run
 * time. Exit 0 whatever the figures are, 1 only when nothing could be measured.
 */
public final class ScratchBenchMain {
    /** Where the scratch database goes: any database on the server to measure, and how to log in. */
    public record Server(String url, String user, String password) {
    }

    /** The benchmark itself. */
    @FunctionalInterface
    public interface Body<O> {
        void run(ScratchDatabase db, O options, PrintStream out) throws Exception;
    }

    private ScratchBenchMain() {
    }

    /** Parse errors are IllegalArgumentException; an empty message means help was asked for. */
    public static <O> void main(String name, String usage, String[] args, Function<String[], O> parse,
            Function<O, Server> server, Body<O> body) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(name + ": " + e.getMessage());
            }
            System.err.print(usage);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        long start = System.nanoTime();
        Server s = server.apply(options);
        try (ScratchDatabase db = ScratchDatabase.create(s.url(), s.user(), s.password())) {
            body.run(db, options, System.out);
        } catch (Exception e) {
            System.err.println(name + ": could not run: " + e);
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "run time %.1f min%n", (System.nanoTime() - start) / 60e9);
        System.exit(0);
    }
}
