package dev.tandem.adapter.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.TandemConfig;
import dev.tandem.adapter.http.AdminAuth;
import dev.tandem.adapter.http.RolloutRoutes;
import dev.tandem.adapter.rollout.Rollout;
import dev.tandem.adapter.rollout.TransportAnswer;
import dev.tandem.adapter.rollout.TransportNotifier;
import dev.tandem.legacyws.LegacyServer;
import io.javalin.http.Context;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects the rollout to the rest of the service: legacy dashboards told of changes, verdicts, HTTP routes. */
final class RolloutWiring {
    private static final Logger log = LoggerFactory.getLogger(RolloutWiring.class);

    private RolloutWiring() {
    }

    /** The rollout, reading the flags and listening for changes on its own connection. */
    static Rollout start(TandemConfig config, DataSource pool) {
        Properties props = new Properties();
        props.setProperty("user", config.dbUser());
        props.setProperty("password", config.dbPassword());
        return new Rollout(pool, () -> DriverManager.getConnection(config.dbUrl(), props),
                config.rollout().settings(), Clock.systemUTC()).start();
    }

    static TransportAnswer answer(TandemConfig config) {
        return new TransportAnswer(config.realtime(), config.rollout().dashboardRealtimeUrl(),
                config.rollout().dashboardAnonKey());
    }

    /** Connected legacy dashboards get {@code transport_change} when a change moves them. */
    static void notifyLegacyDashboards(Rollout rollout, LegacyServer legacy, TandemConfig config) {
        TransportNotifier notifier = new TransportNotifier(legacy::clients, legacy::sendControl, answer(config),
                config.rollout().publicWsUrl());
        rollout.onChange(notifier::changed);
    }

    /** Auto-rollback hears every closed run's verdict. */
    static void rollBackOnNoGo(Rollout rollout, JsonNode report) {
        JsonNode verdict = report.path("verdict");
        List<String> reasons = new ArrayList<>();
        verdict.path("reasons").forEach(r -> reasons.add(r.asText()));
        try {
            rollout.onVerdict(report.path("run").path("id").asText("?"), verdict.path("result").asText(""), reasons);
        } catch (SQLException e) {
            log.error("AUTO-ROLLBACK could not be applied after a {} verdict: {}", verdict.path("result").asText(),
                    e.getMessage(), e);
        }
    }

    static RolloutRoutes routes(Rollout rollout, DataSource pool, TandemConfig config, LegacyServer legacy) {
        return new RolloutRoutes(rollout, pool, answer(config), ctx -> legacyUrl(ctx, config, legacy),
                new AdminAuth(config.adminToken()));
    }

    /** The configured public URL, else the legacy socket on the host the dashboard used to reach this API. */
    private static String legacyUrl(Context ctx, TandemConfig config, LegacyServer legacy) {
        if (config.rollout().publicWsUrl() != null) {
            return config.rollout().publicWsUrl();
        }
        String host = ctx.host();
        if (host == null || host.isBlank()) {
            host = "127.0.0.1";
        } else if (host.startsWith("[")) {
            host = host.substring(0, host.indexOf(']') + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return "ws://" + host + ":" + legacy.port() + config.wsPath();
    }
}
