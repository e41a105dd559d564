package dev.tandem.validation.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What the new path would cost in Supabase Realtime messages, against each hosted plan's quota.
 *
 * <p>Postgres Changes delivers every change to every subscribed client, and Realtime counts each delivered
 * message against the project's messages-per-second quota, as a 60 s rolling average ("An event is a
 * WebSocket message delivered to, or sent from a client", shared/reference/supabase-realtime.md §3.1 and
 * §1.9; the Postgres Changes poller counts each change times its subscribers the same way). So the cost is
 * events/s times dashboards. Because the quota is a one-minute average, a plan is flagged when either the run's
 * average or its busiest full minute is over it.
 */
public final class RealtimeCapacity {
    /** Where {@link #PLANS} comes from. */
    public static final String QUOTA_SOURCE = "shared/reference/supabase-realtime.md §3.1 (Supabase limits.mdx)";

    /** A hosted plan's messages-per-second quota. */
    public record PlanQuota(String name, long messagesPerSecond) {
    }

    /**
     * "Messages per second" of the hosted plan limits table, supabase-realtime.md §3.1: Free 100, Pro 500, Pro
     * (no spend cap) 2,500, Team 2,500, Enterprise 2,500+ (the documented floor; a contract may raise it).
     */
    public static final List<PlanQuota> PLANS = List.of(
            new PlanQuota("free", 100),
            new PlanQuota("pro", 500),
            new PlanQuota("pro_no_spend_cap", 2_500),
            new PlanQuota("team", 2_500),
            new PlanQuota("enterprise", 2_500));

    private RealtimeCapacity() {
    }

    /**
     * @param eventsPerSecond     the run's average rate of distinct events
     * @param peakEventsPerSecond the busiest full minute's rate, or a negative number without a full minute
     * @param dashboards          dashboards subscribed on the new path
     */
    public static ValidationReport.Capacity project(double eventsPerSecond, double peakEventsPerSecond, long dashboards) {
        double peak = peakEventsPerSecond < 0 ? eventsPerSecond : peakEventsPerSecond;
        double messages = eventsPerSecond * dashboards;
        double peakMessages = peak * dashboards;
        double worst = Math.max(messages, peakMessages);
        List<ValidationReport.Plan> plans = new ArrayList<>();
        List<String> over = new ArrayList<>();
        for (PlanQuota p : PLANS) {
            boolean isOver = worst > p.messagesPerSecond();
            plans.add(new ValidationReport.Plan(p.name(), p.messagesPerSecond(), isOver));
            if (isOver) {
                over.add(p.name());
            }
        }
        return new ValidationReport.Capacity(eventsPerSecond, dashboards, messages, plans, over, peak, peakMessages,
                QUOTA_SOURCE);
    }
}
