package dev.tandem.adapter.rollout;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Guard rails on stepping forward; stepping back is never refused. Each failing condition is named:
 * <ul>
 *   <li>any step forward: the kill switch is off;</li>
 *   <li>CANARY (also a larger canary share): DUAL_WRITE and VALIDATION are on, and the latest closed validation
 *       run's verdict is GO;</li>
 *   <li>REALTIME: the stage is CANARY or further, and the latest verdict is GO;</li>
 *   <li>LEGACY_OFF: the stage is REALTIME, and over the configured window every closed run is GO, there is at
 *       least one, and they began by the window's start (the whole window was watched).</li>
 * </ul>
 */
final class StageGuard {
    private final RunVerdicts verdicts;
    private final Duration legacyOffWindow;
    private final Clock clock;

    StageGuard(RunVerdicts verdicts, Duration legacyOffWindow, Clock clock) {
        this.verdicts = verdicts;
        this.legacyOffWindow = legacyOffWindow;
        this.clock = clock;
    }

    /** Why moving from {@code current} to {@code target} (at {@code basisPoints} for CANARY) is unsafe; empty if safe. */
    List<String> failures(FlagSnapshot current, Stage target, int basisPoints) throws SQLException {
        Stage from = current.stage();
        boolean forward = target.compareTo(from) > 0
                || (target == Stage.CANARY && from == Stage.CANARY && basisPoints > current.rollout().basisPoints());
        List<String> failed = new ArrayList<>();
        if (!forward) {
            return failed;
        }
        if (current.enabled(TandemFeature.KILL_SWITCH)) {
            failed.add("KILL_SWITCH is on: turn it off before moving forward");
        }
        switch (target) {
            case CANARY -> {
                if (!current.enabled(TandemFeature.DUAL_WRITE)) {
                    failed.add("CANARY needs DUAL_WRITE on (stage is " + from + ")");
                }
                if (!current.enabled(TandemFeature.VALIDATION)) {
                    failed.add("CANARY needs VALIDATION on, so that verdicts exist (stage is " + from + ")");
                }
                latestGo(target, failed);
            }
            case REALTIME -> {
                if (from.compareTo(Stage.CANARY) < 0) {
                    failed.add("REALTIME needs stage CANARY first (stage is " + from + ")");
                }
                latestGo(target, failed);
            }
            case LEGACY_OFF -> {
                if (from != Stage.REALTIME) {
                    failed.add("LEGACY_OFF needs stage REALTIME (stage is " + from + ")");
                }
                goOverWindow(failed);
            }
            default -> {
                // LEGACY_ONLY, DUAL_WRITE, SHADOW: nobody reads Realtime yet.
            }
        }
        return failed;
    }

    private void latestGo(Stage target, List<String> failed) throws SQLException {
        Optional<RunVerdicts.RunVerdict> latest = verdicts.latest();
        if (latest.isEmpty()) {
            failed.add(target + " needs a GO verdict: no validation run has closed yet");
        } else if (!latest.get().go()) {
            failed.add(target + " needs a GO verdict: the latest run " + latest.get().id() + " (ended "
                    + latest.get().endedAt() + ") is " + latest.get().verdict() + ": " + latest.get().reasons());
        }
    }

    private void goOverWindow(List<String> failed) throws SQLException {
        Instant start = clock.instant().minus(legacyOffWindow);
        List<RunVerdicts.RunVerdict> runs = verdicts.endedAfter(start);
        String window = "the last " + legacyOffWindow.toMinutes() + " min (TANDEM_ROLLOUT_GO_WINDOW_MINUTES)";
        if (runs.isEmpty()) {
            failed.add("LEGACY_OFF needs GO verdicts over " + window + ": no run closed in it");
            return;
        }
        for (RunVerdicts.RunVerdict r : runs) {
            if (!r.go()) {
                failed.add("LEGACY_OFF needs GO verdicts over " + window + ": run " + r.id() + " (ended " + r.endedAt()
                        + ") is " + r.verdict() + ": " + r.reasons());
            }
        }
        if (runs.get(0).startedAt().isAfter(start)) {
            failed.add("LEGACY_OFF needs GO verdicts over " + window + ": the runs in it only began at "
                    + runs.get(0).startedAt() + ", after the window's start " + start);
        }
    }
}
