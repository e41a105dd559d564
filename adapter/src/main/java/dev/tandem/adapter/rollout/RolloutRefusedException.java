package dev.tandem.adapter.rollout;

import java.util.List;

/** A flag or stage change refused, with each condition that failed; nothing was changed. */
public final class RolloutRefusedException extends Exception {
    private final List<String> failed;

    public RolloutRefusedException(String what, List<String> failed) {
        super(what + " refused: " + String.join("; ", failed));
        this.failed = List.copyOf(failed);
    }

    public List<String> failedConditions() {
        return failed;
    }
}
