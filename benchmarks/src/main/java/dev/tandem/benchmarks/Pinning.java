package dev.tandem.benchmarks;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the server JVM and the client JVM off each other's core with {@code taskset}: on a 2-core machine
 * the two otherwise share both cores, and each row's figure depends on how the scheduler happened to mix
 * them (the unpinned runs gave Tandem/bare ratios from 0.60 to 1.90 for the same code). The server JVM (and
 * the publisher inside it) gets {@link #SERVER_CPU}, this JVM (the clients) {@link #CLIENT_CPU}; bare and
 * Tandem get the same, so the comparison stays fair.
 *
 * <p>This JVM pins itself after it started ({@code taskset -a -p}: every thread it has; threads created later
 * inherit their creator's affinity), so {@code java -jar} runs are pinned too, not only bin/bench-legacy's.
 * Without taskset or a second core the run goes on unpinned and the header says so.
 */
final class Pinning {
    static final int SERVER_CPU = 0;
    static final int CLIENT_CPU = 1;

    private final String taskset; // null: not pinned
    private final String description;

    private Pinning(String taskset, String description) {
        this.taskset = taskset;
        this.description = description;
    }

    static Pinning none(String why) {
        return new Pinning(null, "none (" + why + ")");
    }

    /** Pins this JVM to the client core and returns the pinning for server JVMs, or none if that failed. */
    static Pinning pinSelf() {
        String taskset = find("taskset");
        if (taskset == null) {
            return none("taskset not found on PATH; server and clients share the cores");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            return none(cpus + " processor available to this JVM; need 2");
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        String failure = run(List.of(taskset, "-a", "-p", "-c", Integer.toString(CLIENT_CPU), pid));
        if (failure != null) {
            return none("taskset failed: " + failure);
        }
        return new Pinning(taskset, "server JVM (server + publisher) on cpu " + SERVER_CPU
                + ", client JVM on cpu " + CLIENT_CPU + " (taskset)");
    }

    /** What goes before the server JVM's java command: {@code taskset -c 0}, or nothing. */
    List<String> serverPrefix() {
        return taskset == null ? List.of() : List.of(taskset, "-c", Integer.toString(SERVER_CPU));
    }

    boolean pinned() {
        return taskset != null;
    }

    @Override
    public String toString() {
        return description;
    }

    private static String find(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, command);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Runs a short command; returns null on success, else what went wrong. */
    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
