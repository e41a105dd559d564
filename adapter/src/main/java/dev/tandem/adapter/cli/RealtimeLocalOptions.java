package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.service.StartupException;
import dev.tandem.realtimebridge.local.LocalRealtimeConfig;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import dev.tandem.realtimebridge.tap.TapConfig;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The settings of the local Realtime endpoint (flags, or TANDEM_REALTIME_LOCAL_* variables), shared by
 * {@code realtime-local} and {@code demo}, and how they start it.
 */
final class RealtimeLocalOptions {
    static final String DEFAULT_SLOT = "tandem_realtime_local";

    @Option(names = "--realtime-local-host", paramLabel = "<address>",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_HOST:-" + LocalRealtimeConfig.DEFAULT_HOST + "}",
            description = "Address to bind. Default: ${DEFAULT-VALUE}. Env: TANDEM_REALTIME_LOCAL_HOST.")
    String host;

    @Option(names = "--realtime-local-port", paramLabel = "<port>",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_PORT:-" + LocalRealtimeConfig.DEFAULT_PORT + "}",
            description = "Port (0: any free port). Default: ${DEFAULT-VALUE}. Env: TANDEM_REALTIME_LOCAL_PORT.")
    int port;

    @Option(names = "--realtime-local-jwt-secret", paramLabel = "<secret>", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_JWT_SECRET:-}",
            description = "HS256 secret (32+ bytes) API keys must be signed with, as a Supabase project's JWT secret"
                    + " (never logged). Env: TANDEM_REALTIME_LOCAL_JWT_SECRET.")
    String jwtSecret;

    @Option(names = "--realtime-local-accept-any-key",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_ACCEPT_ANY_KEY:-false}",
            description = "Development only: accept any API key (role read from it unverified, else anon)."
                    + " Default: ${DEFAULT-VALUE}. Env: TANDEM_REALTIME_LOCAL_ACCEPT_ANY_KEY.")
    boolean acceptAnyKey;

    @Option(names = "--realtime-local-idle-timeout", paramLabel = "<seconds>",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_IDLE_TIMEOUT:-60}",
            description = "Seconds of silence (no heartbeat) after which a socket is closed. Default: ${DEFAULT-VALUE}."
                    + " Env: TANDEM_REALTIME_LOCAL_IDLE_TIMEOUT.")
    int idleSeconds;

    @Option(names = "--realtime-local-max-events-per-second", paramLabel = "<n>",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_MAX_EVENTS_PER_SECOND:-" + LocalRealtimeConfig.DEFAULT_MAX_EVENTS_PER_SECOND + "}",
            description = "Messages per second to all clients, averaged over 60 s, as TENANT_MAX_EVENTS_PER_SECOND."
                    + " Default: ${DEFAULT-VALUE}. Env: TANDEM_REALTIME_LOCAL_MAX_EVENTS_PER_SECOND.")
    int maxEventsPerSecond;

    @Option(names = "--realtime-local-slot", paramLabel = "<name>",
            defaultValue = "${env:TANDEM_REALTIME_LOCAL_SLOT:-" + DEFAULT_SLOT + "}",
            description = "Replication slot of its tap (not serve's). Default: ${DEFAULT-VALUE}. Env: TANDEM_REALTIME_LOCAL_SLOT.")
    String slot;

    boolean hasSecret() {
        return !jwtSecret.isEmpty();
    }

    /**
     * Starts the endpoint, with {@code secret} when given (else the configured one), and its tap on the slot.
     * The schema must already be applied.
     */
    LocalRealtimeServer start(TandemConfig c, String secret) throws StartupException {
        LocalRealtimeConfig config = config(c, secret);
        TapConfig tap = tapConfig(c);
        LocalRealtimeServer server;
        try {
            server = LocalRealtimeServer.start(config);
        } catch (IllegalStateException e) {
            throw new StartupException("realtime-local: " + e.getMessage(), e);
        }
        try {
            server.startTap(tap);
        } catch (IllegalStateException e) {
            server.close();
            throw new StartupException("realtime-local: " + e.getMessage(), e);
        }
        return server;
    }

    /** The endpoint's settings, validated: a bad one is a {@link ConfigException} naming it. */
    LocalRealtimeConfig config(TandemConfig c, String secret) {
        try {
            return LocalRealtimeConfig.builder().host(host).port(port)
                    .jwtSecret(secret != null ? secret : jwtSecret.isEmpty() ? null : jwtSecret)
                    .acceptAnyKey(acceptAnyKey).idleTimeout(Duration.ofSeconds(idleSeconds))
                    .maxEventsPerSecond(maxEventsPerSecond).database(c.dbUrl(), c.dbUser(), c.dbPassword()).build();
        } catch (IllegalArgumentException e) {
            throw bad(e);
        }
    }

    TapConfig tapConfig(TandemConfig c) {
        try {
            return TapConfig.builder().jdbcUrl(c.dbUrl()).user(c.dbUser()).password(c.dbPassword()).slotName(slot).build();
        } catch (IllegalArgumentException e) {
            throw bad(e);
        }
    }

    private static ConfigException bad(IllegalArgumentException e) {
        return new ConfigException("realtime-local: " + e.getMessage()
                + " (TANDEM_REALTIME_LOCAL_* settings; see tandem realtime-local --help)");
    }
}
