package dev.tandem.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The server-side JVM: runs one server under test ({@code bare|tandem}, TCP_NODELAY {@code on|off}) and obeys
 * line commands from the benchmark on stdin, answering on stdout with lines that start with {@link #REPLY}
 * (anything else on stdout is not for the benchmark). Being its own process, its heap holds only the server,
 * which is what the per-connection figure needs.
 *
 * <p>Commands: {@code heap} → {@code heap <usedBytes> <connections>} after full GCs; {@code flood <window>};
 * {@code ack <events>}; {@code pace <eventsPerSecond>}; {@code count} → {@code published <events>} (publisher
 * left running); {@code idle} → {@code published <events>}; {@code quit}. Every command but ack is answered
 * (ack comes ~1,000 times a second and needs no answer).
 */
public final class ServerMain {
    static final String REPLY = "@bench ";

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ServerMain bare|tandem on|off");
            System.exit(2);
        }
        boolean noDelay = args[1].equals("on");
        BenchServer server = args[0].equals("tandem") ? new TandemServer(noDelay) : new BareServer(noDelay);
        server.start();
        reply("ready " + server.port() + " " + server.path() + " " + (server.tcpNoDelay() ? "on" : "off"));
        Publisher publisher = new Publisher(server);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "ack" -> publisher.acknowledge(Long.parseLong(cmd[1]));
                case "heap" -> reply("heap " + usedHeapAfterGc() + " " + server.connections());
                case "flood" -> {
                    publisher.flood(Long.parseLong(cmd[1]));
                    reply("flooding");
                }
                case "pace" -> {
                    publisher.pace(Double.parseDouble(cmd[1]));
                    reply("pacing");
                }
                case "count" -> reply("published " + publisher.published());
                case "idle" -> reply("published " + publisher.idle());
                case "quit" -> {
                    publisher.idle();
                    server.stop();
                    reply("bye");
                    System.exit(0);
                }
                default -> reply("error unknown command " + line);
            }
        }
        // The benchmark went away without quitting: do not linger.
        System.exit(1);
    }

    /** Live heap: used heap after full collections (G1's System.gc() is a full, compacting one). */
    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void reply(String line) {
        System.out.println(REPLY + line);
        System.out.flush();
    }
}
