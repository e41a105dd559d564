package dev.tandem.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's handle on a server-side JVM ({@link ServerMain}) started from the same class path: sends
 * commands, waits (boundedly) for answers. The child's stderr goes to ours, so its warnings are seen.
 */
final class ServerProcess implements AutoCloseable {
    private static final long REPLY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final PrintStream commands;
    /** Replies, read off the child's stdout by a daemon thread; a handful at most are ever outstanding. */
    private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(64);
    final int port;
    final String path;
    final boolean tcpNoDelay;

    ServerProcess(String kind, boolean tcpNoDelay, List<String> jvmOptions, List<String> prefix)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix); // taskset, when pinning
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServerMain.class.getName());
        cmd.add(kind);
        cmd.add(tcpNoDelay ? "on" : "off");
        this.process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        Thread reader = new Thread(this::readReplies, "bench-server-replies");
        reader.setDaemon(true);
        reader.start();
        String[] ready = await("ready");
        this.port = Integer.parseInt(ready[1]);
        this.path = ready[2];
        this.tcpNoDelay = ready[3].equals("on");
    }

    /** Sends a command and returns its answer's words; the first word must be {@code expected}. */
    String[] call(String command, String expected) throws InterruptedException {
        send(command);
        return await(expected);
    }

    /** Sends a command that has no answer. */
    void send(String command) {
        commands.println(command);
    }

    private String[] await(String expected) throws InterruptedException {
        String line = null;
        // In one-second slices, so a server JVM that died (bad options, say) is reported at once.
        for (long waited = 0; line == null && waited < REPLY_TIMEOUT_SECONDS; waited++) {
            line = replies.poll(1, TimeUnit.SECONDS);
            if (line == null && !process.isAlive() && replies.isEmpty()) {
                throw new IllegalStateException("server JVM exited with status " + process.exitValue()
                        + " before answering '" + expected + "' (its stderr is above)");
            }
        }
        if (line == null) {
            throw new IllegalStateException("server JVM did not answer '" + expected + "' within "
                    + REPLY_TIMEOUT_SECONDS + " s (alive: " + process.isAlive() + ")");
        }
        String[] words = line.split(" ");
        if (!words[0].equals(expected)) {
            throw new IllegalStateException("server JVM answered '" + line + "', expected '" + expected + "'");
        }
        return words;
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(ServerMain.REPLY)) {
                    replies.put(line.substring(ServerMain.REPLY.length()));
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException | InterruptedException e) {
            // The child exited; await() reports the missing answer.
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            send("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
