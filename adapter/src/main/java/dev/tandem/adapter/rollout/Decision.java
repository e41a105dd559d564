package dev.tandem.adapter.rollout;

/**
 * A dashboard's transport and why: {@code reason} is a short code ({@code kill_switch}, {@code realtime_clients_off},
 * {@code denied}, {@code allowed}, {@code constraint_kind}, {@code constraint_tenant}, {@code in_rollout},
 * {@code not_in_rollout}) and {@code detail} says it in words.
 */
public record Decision(Transport transport, String reason, String detail) {
    static Decision legacy(String reason, String detail) {
        return new Decision(Transport.LEGACY, reason, detail);
    }

    static Decision realtime(String reason, String detail) {
        return new Decision(Transport.REALTIME, reason, detail);
    }
}
