package dev.tandem.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.RealtimeSource;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.report.ObservationFile;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.legacyws.LegacyObserver;
import dev.tandem.realtimebridge.supabase.RealtimeClient;
import dev.tandem.realtimebridge.supabase.RealtimeEvent;
import dev.tandem.realtimebridge.supabase.RealtimeException;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.tap.TapPreflight;
import dev.tandem.realtimebridge.tap.TapTransaction;
import dev.tandem.validation.ObservedEvent;
import dev.tandem.validation.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem record}: watches both sides the way the service's own validator does, on its own, and writes
 * what each delivered to {@code legacy.ndjson} and {@code realtime.ndjson} ({@link ObservationFile}) for
 * {@code tandem validate}. Legacy: a protocol client on the legacy WebSocket. Realtime: a replication tap on a
 * slot of its own (created at start, dropped at the end), or nothing.
 *
 * <p>Only events ingested while both observers are up are written, and after the stop both keep listening for
 * {@link #DRAIN} so that what was ingested just before reaches both files: the two files cover the same events.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Records what each side delivers, as NDJSON files for tandem validate: the legacy WebSocket"
                + " as a dashboard sees it, and the realtime tables as a replication tap reads them.",
                "Writes DIR/legacy.ndjson and DIR/realtime.ndjson; runs for --seconds, or until Ctrl-C."})
final class RecordCommand implements Callable<Integer> {
    static final Duration DRAIN = Duration.ofSeconds(2);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final String EVENTS_TABLE = "monitoring_events";
    static final String PUBLICATION = "supabase_realtime";
    /** The database (for the tap) and the realtime-side observer's settings. */
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD,
            Setting.REALTIME_SOURCE, Setting.SUPABASE_URL, Setting.SUPABASE_KEY, Setting.SUPABASE_CHANNEL,
            Setting.SUPABASE_TABLE, Setting.SUPABASE_VSN, Setting.REALTIME_MODE, Setting.REALTIME_TOPIC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Directory for the two files (created when absent).")
    Path outDir;

    @Option(names = "--seconds", paramLabel = "N", description = "How long to record; 0: until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    long seconds = 0;

    @Option(names = "--legacy-url", paramLabel = "URL", description = "The legacy WebSocket, with ?token=... when legacy"
            + " auth is on. Default: ${DEFAULT-VALUE}.")
    URI legacyUrl = URI.create("ws://127.0.0.1:8080/ws");

    @Option(names = "--realtime", paramLabel = "tap|none", description = "Whether the realtime side is recorded: tap (yes,"
            + " through the observer --realtime-source picks: a replication slot of its own on the database, or a Supabase"
            + " Realtime client), none (record the legacy side only). Default: ${DEFAULT-VALUE}.")
    String realtime = "tap";

    @Option(names = "--record-slot", paramLabel = "NAME", description = "The replication slot the recording's tap"
            + " creates and drops (not the service's). Default: ${DEFAULT-VALUE}.")
    String slot = "tandem_record";

    private final CanonicalMapping mapping = new CanonicalMapping();
    /** Events ingested from this instant on are written (microseconds); set once both observers are up. */
    private final AtomicLong from = new AtomicLong(Long.MAX_VALUE);
    /** ... and before this one: set when recording stops. */
    private final AtomicLong until = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean stopping;

    @Override
    public Integer call() throws StartupException, InterruptedException {
        if (!realtime.equals("tap") && !realtime.equals("none")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--realtime must be tap or none, got '" + realtime + "'");
        }
        if (seconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be 0 or more, got " + seconds);
        }
        if (!slot.matches("[a-z0-9_]{1,63}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--record-slot must be 1 to 63 characters of a-z, 0-9, _");
        }
        TandemConfig c = SettingFlags.resolve(spec);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(DRAIN.toSeconds() + 15, TimeUnit.SECONDS); // let the slot be dropped before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tandem-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ObservationFile.Writer legacyOut = null;
        ObservationFile.Writer realtimeOut = null;
        ReplicationTap tap = null;
        RealtimeClient supabase = null;
        LegacyObserver observer = null;
        try {
            createDirectories();
            legacyOut = open(ObservationFile.LEGACY_FILE, Side.LEGACY);
            if (realtime.equals("tap")) {
                realtimeOut = open(ObservationFile.REALTIME_FILE, Side.REALTIME);
                if (c.supabase().source() == RealtimeSource.SUPABASE) {
                    supabase = startSupabase(c, realtimeOut);
                } else {
                    tap = startTap(c, realtimeOut);
                }
            }
            observer = connectObserver(legacyOut);
            from.set(nowMicros());
            out.println("recording the legacy side from " + redacted(legacyUrl)
                    + (tap == null ? "" : " and the realtime side from replication slot " + slot + " of "
                    + TandemConfig.redacted(c.dbUrl()))
                    + (supabase == null ? "" : " and the realtime side from Supabase Realtime at " + supabase.config().endpoint())
                    + " to " + outDir
                    + (seconds > 0 ? " for " + seconds + " s" : " until Ctrl-C"));
            out.flush();
            if (seconds > 0) {
                stop.await(seconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
            until.set(nowMicros());
            Thread.sleep(DRAIN.toMillis()); // what was ingested before the stop reaches both observers
            stopping = true;
            return 0;
        } finally {
            stopping = true;
            if (observer != null) {
                observer.close();
            }
            if (tap != null) {
                tap.stop();
                dropSlot(c);
            }
            if (supabase != null) {
                supabase.close();
            }
            long legacyLines = close(legacyOut);
            long realtimeLines = close(realtimeOut);
            out.println("recorded " + legacyLines + " legacy" + (realtimeOut == null ? "" : " and " + realtimeLines
                    + " realtime") + " observations in " + outDir + (skipped.get() == 0 ? ""
                    : " (" + skipped.get() + " observations of events ingested outside the recording window left out)"));
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already stopping: the hook is running and waits for the countdown above
            }
        }
    }

    private void createDirectories() throws StartupException {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + outDir + ": " + e, e);
        }
    }

    private ObservationFile.Writer open(String name, Side side) throws StartupException {
        try {
            return new ObservationFile.Writer(outDir.resolve(name), side);
        } catch (IOException e) {
            throw new StartupException("cannot write " + outDir.resolve(name) + ": " + e, e);
        }
    }

    private ReplicationTap startTap(TandemConfig c, ObservationFile.Writer realtimeOut) throws StartupException {
        List<String> problems;
        try (Connection db = TapCommand.connect(c)) {
            problems = TapPreflight.problems(db, PUBLICATION, slot);
        } catch (SQLException | IllegalStateException e) {
            throw new StartupException("could not check replication settings: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new StartupException("the replication tap cannot run: " + String.join("; ", problems)
                    + " (or record with --realtime none)");
        }
        ReplicationTap tap = new ReplicationTap(TapConfig.builder().jdbcUrl(c.dbUrl()).user(c.dbUser())
                .password(c.dbPassword()).slotName(slot).publication(PUBLICATION).build(), tx -> onTransaction(tx, realtimeOut));
        try {
            tap.start();
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        return tap;
    }

    private void onTransaction(TapTransaction tx, ObservationFile.Writer realtimeOut) throws IOException {
        long now = nowMicros();
        for (TapChange change : tx.changes()) {
            if (change.op() == TapChange.Op.INSERT && EVENTS_TABLE.equals(change.table())
                    && inWindow(mapping.fromRow(change.columns(), now).ingestedAtMicros())) {
                realtimeOut.realtimeRow(change.columns(), now);
            }
        }
    }

    /** A Realtime client subscribed as a dashboard would be; recording starts once its channel is live. */
    private RealtimeClient startSupabase(TandemConfig c, ObservationFile.Writer realtimeOut) throws StartupException {
        RealtimeClient client = new RealtimeClient(c.supabase().clientConfig(c.realtime()), e -> onRealtimeEvent(e, realtimeOut));
        try {
            client.start();
            if (!client.awaitReady(CONNECT_TIMEOUT)) {
                throw new StartupException("Supabase Realtime at " + client.config().endpoint() + " did not subscribe within "
                        + CONNECT_TIMEOUT.toSeconds() + " s: " + client.stats().lastError());
            }
            return client;
        } catch (RealtimeException e) {
            client.close();
            throw new StartupException("cannot watch Supabase Realtime: " + e.getMessage(), e);
        } catch (StartupException e) {
            client.close();
            throw e;
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while subscribing to Supabase Realtime", e);
        }
    }

    private void onRealtimeEvent(RealtimeEvent e, ObservationFile.Writer realtimeOut) throws IOException {
        TapChange change = e.change();
        if (change != null && change.op() == TapChange.Op.INSERT && EVENTS_TABLE.equals(change.table())
                && inWindow(mapping.fromRow(change.columns(), e.receivedAtMicros()).ingestedAtMicros())) {
            realtimeOut.realtimeRow(change.columns(), e.receivedAtMicros());
        } else if (!stopping && (e instanceof RealtimeEvent.Disconnected || e instanceof RealtimeEvent.ChannelClosed)) {
            spec.commandLine().getErr().println("tandem record: Supabase Realtime: " + e + " (a dashboard misses what"
                    + " is sent until it is back, and so does this recording)");
        }
    }

    private LegacyObserver connectObserver(ObservationFile.Writer legacyOut) throws StartupException {
        LegacyObserver observer = new LegacyObserver(legacyUrl, new LegacyObserver.Listener() {
            @Override
            public void onEvent(JsonNode event, long receivedAtMicros) {
                if (inWindow(mapping.fromLegacyMessage(event, receivedAtMicros).ingestedAtMicros())) {
                    try {
                        legacyOut.legacy(event, receivedAtMicros);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void onClosed(int code, String reason) {
                if (!stopping) {
                    spec.commandLine().getErr().println("tandem record: the legacy connection closed (" + code + " "
                            + reason + "); what it broadcasts from now on is not recorded");
                }
            }
        });
        try {
            observer.connect(CONNECT_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new StartupException("cannot watch the legacy side at " + redacted(legacyUrl) + ": "
                    + e.getMessage().replace(legacyUrl.toString(), redacted(legacyUrl)), e);
        }
        return observer;
    }

    /** Whether an event ingested then belongs in the recording; counts the ones left out. */
    private boolean inWindow(long at) {
        if (at == ObservedEvent.NONE) {
            return true; // not a Tandem event: nothing to place it by
        }
        boolean in = at >= from.get() && at < until.get();
        if (!in) {
            skipped.incrementAndGet();
        }
        return in;
    }

    private void dropSlot(TandemConfig c) {
        try {
            ReplicationTap.dropSlot(c.dbUrl(), c.dbUser(), c.dbPassword(), slot);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("tandem record: could not drop replication slot " + slot + " (drop it"
                    + " with tandem tap drop-slot --tap-slot " + slot + "): " + e.getMessage());
        }
    }

    private long close(ObservationFile.Writer w) {
        if (w == null) {
            return 0;
        }
        try {
            w.close();
        } catch (IOException e) {
            spec.commandLine().getErr().println("tandem record: could not finish a file: " + e);
        }
        return w.lines();
    }

    /** The URL without its query, which may carry a token. */
    static String redacted(URI url) {
        return url.getRawQuery() == null ? url.toString() : url.toString().replace("?" + url.getRawQuery(), "?...");
    }

    private static long nowMicros() {
        return ObservationFile.micros(Instant.now());
    }
}
