package dev.tandem.validation;

import java.util.List;

/**
 * Counts of one validation run so far.
 *
 * @param legacySeen         distinct events the legacy side delivered
 * @param realtimeSeen       distinct events the realtime side delivered
 * @param matched            events both sides delivered with equal content
 * @param mismatched         events both sides delivered with different content
 * @param missingOnLegacy    events only the realtime side delivered, past the grace window
 * @param missingOnRealtime  events only the legacy side delivered, past the grace window
 * @param pendingLegacyOnly  events the legacy side delivered, the realtime side not yet, within grace
 * @param pendingRealtimeOnly events the realtime side delivered, the legacy side not yet, within grace
 * @param duplicatesLegacy   repeated deliveries of an event id on the legacy side
 * @param duplicatesRealtime repeated deliveries of an event id on the realtime side
 * @param late               events that arrived after they had been declared missing (moved out of missing)
 * @param mismatchSamples    a few mismatches, with the fields that differ
 */
public record ValidationSummary(long legacySeen, long realtimeSeen, long matched, long mismatched,
                                long missingOnLegacy, long missingOnRealtime,
                                long pendingLegacyOnly, long pendingRealtimeOnly,
                                long duplicatesLegacy, long duplicatesRealtime, long late,
                                List<Mismatch> mismatchSamples) {
    public ValidationSummary {
        mismatchSamples = List.copyOf(mismatchSamples);
    }

    /** One event whose content differs between the sides. */
    public record Mismatch(String eventId, List<FieldDifference> differences) {
        public Mismatch {
            differences = List.copyOf(differences);
        }
    }

    /** One differing field; values rendered with {@link String#valueOf(Object)}. */
    public record FieldDifference(String field, String legacy, String realtime) {
    }
}
