package dev.tandem.adapter.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where the dashboard at {@code /} loads supabase-js from. A URL is handed to the browser as it is; a local file
 * (offline use, tests) is served by the adapter at {@link #LOCAL_SUPABASE_JS_PATH}, so the browser never needs the
 * internet. The file is checked at start-up: a dashboard that silently cannot switch to Realtime is worse than a
 * service that refuses to start naming the setting.
 *
 * @param supabaseJsUrl  the URL given to browsers, never null
 * @param supabaseJsFile the local file served at {@link #LOCAL_SUPABASE_JS_PATH}, or null when a URL was given
 */
public record DashboardSettings(String supabaseJsUrl, Path supabaseJsFile) {
    /** supabase-js' UMD build, the version the dashboard was written and tested against, from a public CDN. */
    public static final String DEFAULT_SUPABASE_JS =
            "https://cdn.jsdelivr.net/npm/@supabase/supabase-js@2.119.1/dist/umd/supabase.js";
    public static final String LOCAL_SUPABASE_JS_PATH = "/dashboard/vendor/supabase.js";

    static DashboardSettings resolve(String value) {
        if (value.matches("(?i)https?://\\S+")) {
            return new DashboardSettings(value, null);
        }
        Path file;
        try {
            file = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            file = null;
        }
        if (value.isEmpty() || file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(Setting.DASHBOARD_SUPABASE_JS.label() + " must be an http(s) URL or a readable"
                    + " file (supabase-js' dist/umd/supabase.js), got '" + value + "'"
                    + (file != null && !value.isEmpty() ? ": no readable file at " + file : ""));
        }
        return new DashboardSettings(LOCAL_SUPABASE_JS_PATH, file);
    }

    @Override
    public String toString() {
        return supabaseJsFile == null ? "supabase-js from " + supabaseJsUrl : "supabase-js from file " + supabaseJsFile;
    }
}
