package dev.tandem.adapter.config;

import dev.tandem.realtimebridge.writer.WriterConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the writer's outage buffer lives and how much disk it may take ({@link Setting#OUTAGE_DIR},
 * {@link Setting#OUTAGE_MAX_BYTES}).
 *
 * <p>The default directory is {@code ~/.tandem/outage/<instance id>}: it must survive a reboot (events in it have
 * been acknowledged), which rules out {@code java.io.tmpdir} (often a tmpfs, or cleaned at boot); it must not
 * depend on the directory Tandem happens to be started from, or a restart elsewhere would not find what an
 * earlier run left; and it is per instance, so instances sharing a host do not contend for one directory.
 */
public record OutageSettings(Path dir, long maxBytes) {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|B|KIB|MIB|GIB|TIB)");
    private static final String SIZE_RULE = "a size from " + WriterConfig.MIN_OUTAGE_MAX_BYTES + " (64KiB) to "
            + WriterConfig.MAX_OUTAGE_MAX_BYTES + " (1TiB) bytes: a number of bytes, or one with KiB, MiB, GiB or TiB";

    static OutageSettings resolve(String dir, String maxBytes, String instanceId) {
        return new OutageSettings(dir(dir, instanceId), maxBytes(maxBytes));
    }

    /** {@code ~/.tandem/outage/<instance id>}. */
    public static Path defaultDir(String instanceId) {
        return Path.of(System.getProperty("user.home"), ".tandem", "outage", instanceId);
    }

    private static Path dir(String value, String instanceId) {
        if (value.isEmpty()) {
            return defaultDir(instanceId).toAbsolutePath();
        }
        try {
            return Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new ConfigException(Setting.OUTAGE_DIR.label() + " must be a directory path, got '" + value + "': "
                    + e.getReason());
        }
    }

    private static long maxBytes(String value) {
        Matcher m = SIZE.matcher(value.toUpperCase(Locale.ROOT));
        if (m.matches()) {
            int shift = switch (m.group(2)) {
                case "KIB" -> 10;
                case "MIB" -> 20;
                case "GIB" -> 30;
                case "TIB" -> 40;
                default -> 0;
            };
            try {
                long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
                if (bytes >= WriterConfig.MIN_OUTAGE_MAX_BYTES && bytes <= WriterConfig.MAX_OUTAGE_MAX_BYTES) {
                    return bytes;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        throw new ConfigException(Setting.OUTAGE_MAX_BYTES.label() + " must be " + SIZE_RULE + ", got '" + value + "'");
    }
}
