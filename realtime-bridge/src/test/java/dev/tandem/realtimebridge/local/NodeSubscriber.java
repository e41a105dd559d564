package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * supabase-js in a Node process ({@code src/test/node/subscribe.mjs}), subscribed through the local endpoint;
 * every line its callbacks print is a JSON object in {@link #lines}. Fails loudly when Node or the npm
 * packages are missing: these tests are the point of the endpoint and must never be skipped silently.
 */
final class NodeSubscriber implements AutoCloseable {
    static final Path DIR = Path.of("src/test/node");
    static final String INSTALL = "npm ci --prefix realtime-bridge/src/test/node (bash .ci/run does it when absent)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final List<JsonNode> seen = new ArrayList<>();

    private NodeSubscriber(Process process) {
        this.process = process;
        Thread out = new Thread(() -> read(process.inputReader(StandardCharsets.UTF_8), true), "node-stdout");
        Thread err = new Thread(() -> read(process.errorReader(StandardCharsets.UTF_8), false), "node-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts subscribe.mjs with these arguments (url, key, vsn, channel, event, schema, table, filter, ...). */
    static NodeSubscriber start(ObjectNode args) throws IOException {
        requireInstalled();
        ProcessBuilder pb = new ProcessBuilder("node", "subscribe.mjs", args.toString()).directory(DIR.toFile());
        return new NodeSubscriber(pb.start());
    }

    static ObjectNode args(LocalRealtimeServer server, String key, String vsn) {
        ObjectNode a = JSON.createObjectNode().put("url", server.httpUrl()).put("key", key).put("table", "monitoring_events");
        if (vsn != null) {
            a.put("vsn", vsn);
        }
        return a;
    }

    static void requireInstalled() {
        if (!Files.isDirectory(DIR.resolve("node_modules/@supabase/supabase-js"))
                || !Files.isDirectory(DIR.resolve("node_modules/ws"))) {
            throw new IllegalStateException("supabase-js is not installed in " + DIR.toAbsolutePath()
                    + "; install it with: " + INSTALL);
        }
    }

    private void read(BufferedReader reader, boolean json) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!json) {
                    stderr.append(line).append('\n');
                    continue;
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    stderr.append("(stdout, not JSON) ").append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    /** The next line matching {@code wanted}, skipping (and remembering) others; fails at the deadline. */
    JsonNode await(Duration timeout, String what, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("supabase-js did not report " + what + " within " + timeout + "; it printed "
                        + seen + "; stderr: " + stderr);
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** The next change callback payload. */
    JsonNode awaitChange(Duration timeout) throws InterruptedException {
        return await(timeout, "a change", l -> l.path("kind").asText().equals("change")).path("payload");
    }

    void awaitStatus(Duration timeout, String status) throws InterruptedException {
        await(timeout, "status " + status, l -> l.path("kind").asText().equals("status")
                && l.path("status").asText().equals(status));
    }

    JsonNode awaitSystem(Duration timeout) throws InterruptedException {
        return await(timeout, "a system message", l -> l.path("kind").asText().equals("system")).path("payload");
    }

    /** Lines printed so far and not yet consumed (does not wait). */
    List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        lines.drainTo(out);
        seen.addAll(out);
        return out;
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
