package dev.tandem.adapter.cli;

import dev.tandem.adapter.service.StartupException;
import dev.tandem.adapter.service.TandemService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem serve}: runs the service until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs Tandem: applies the schema, then serves the HTTP API and the legacy WebSocket, writes"
                + " every event to PostgreSQL and, when the replication tap can run, validates both streams.",
                "Every setting can also be given as an environment variable; a flag wins over its variable."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws StartupException, InterruptedException {
        TandemService service = TandemService.start(SettingFlags.resolve(spec));
        runUntilStopped(service);
        return 0;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then stops the service cleanly. */
    static void runUntilStopped(AutoCloseable... parts) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable p : parts) {
                try {
                    p.close();
                } catch (Exception e) {
                    System.err.println("tandem: while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "tandem-shutdown"));
        stopped.await();
    }
}
