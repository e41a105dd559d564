package dev.tandem.adapter.cli;

import dev.tandem.adapter.service.StartupException;
import dev.tandem.adapter.service.TandemService;
import dev.tandem.realtimebridge.local.DevKeys;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem demo}: the service plus a built-in producer, with the validation figures printed as it runs. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs Tandem as 'serve' does, plus a built-in producer that ingests synthetic monitoring"
                + " events, and prints the validation figures as it goes.",
                "Open ws://localhost:8080/ws with any WebSocket client to watch the legacy stream.",
                "Also serves the local Realtime endpoint (see realtime-local; development and tests only) so that"
                + " supabase-js can watch the same events; without a secret it makes one and prints keys."})
final class DemoCommand implements Callable<Integer> {
    static final int MAX_RATE = 10_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rate", paramLabel = "<events/s>", defaultValue = "5",
            description = "Synthetic events per second, 1 to " + MAX_RATE + ". Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--events", paramLabel = "<count>", defaultValue = "0",
            description = "Stop producing after this many events; 0: never. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--report-every", paramLabel = "<seconds>", defaultValue = "10",
            description = "Seconds between printed validation figures, 1 to 3600. Default: ${DEFAULT-VALUE}.")
    int reportEvery;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "42",
            description = "Seed of the synthetic events, so runs are repeatable. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--realtime-local", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve the local Realtime endpoint alongside (--no-realtime-local: not). Default: ${DEFAULT-VALUE}.")
    boolean realtimeLocal;

    @CommandLine.Mixin
    RealtimeLocalOptions realtimeLocalOptions;

    @Override
    public Integer call() throws StartupException, InterruptedException {
        if (rate < 1 || rate > MAX_RATE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be 1 to " + MAX_RATE + ", got " + rate);
        }
        if (events < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events must be 0 or more, got " + events);
        }
        if (reportEvery < 1 || reportEvery > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report-every must be 1 to 3600, got " + reportEvery);
        }
        TandemService service = TandemService.start(SettingFlags.resolve(spec));
        LocalRealtimeServer realtime = realtimeLocal ? startRealtimeLocal(service) : null;
        DemoProducer producer = new DemoProducer(service, rate, events, reportEvery, seed, spec.commandLine().getOut());
        producer.start();
        if (realtime != null) {
            ServeCommand.runUntilStopped(producer, realtime, service);
        } else {
            ServeCommand.runUntilStopped(producer, service);
        }
        return 0;
    }

    /** The local Realtime endpoint on the demo's database; a demo given no secret gets a random one and its keys. */
    private LocalRealtimeServer startRealtimeLocal(TandemService service) throws StartupException {
        String secret = realtimeLocalOptions.hasSecret() ? null : DevKeys.randomSecret();
        LocalRealtimeServer realtime;
        try {
            realtime = realtimeLocalOptions.start(SettingFlags.resolve(spec), secret);
        } catch (StartupException | RuntimeException e) {
            service.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("local realtime (development and tests only): supabase-js URL " + realtime.httpUrl());
        if (secret != null) {
            out.println("  authenticated key (24 h): " + DevKeys.sign(secret, "authenticated", Duration.ofHours(24)));
        }
        out.flush();
        return realtime;
    }
}
