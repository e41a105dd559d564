package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.validation.report.ValidationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Diffy's noise calibration: a second observer of the legacy stream shows which fields differ by nature. */
class NoiseCalibrationTest {
    private final TestEvents.Clock clock = new TestEvents.Clock(TestEvents.T0);

    private Validator validator() {
        return new Validator(ValidatorConfig.builder().noiseCalibration(Side.LEGACY).build(), clock::now);
    }

    /** The field a delivery stamps (as the legacy broadcaster's own delivery time would be, if it were mapped). */
    private static ObservedEvent event(long seq, String deliveredAt, Map<String, Object> more) {
        java.util.HashMap<String, Object> f = new java.util.HashMap<>(more);
        f.put("delivered_at", deliveredAt);
        return TestEvents.event(seq, TestEvents.T0, TestEvents.T0 + 1_000, f);
    }

    private static ObservedEvent event(long seq, String deliveredAt) {
        return event(seq, deliveredAt, Map.of());
    }

    @Test
    void aFieldThatDiffersBetweenTwoObservationsOfTheLegacyStreamIsNoiseNotAMismatch() {
        Validator v = validator();
        for (long seq = 1; seq <= 100; seq++) {
            // Every order of arrival: the secondary before or after the primary, and before or after realtime.
            ObservedEvent primary = event(seq, "p" + seq, seq == 50 ? Map.of("direction", "sideways") : Map.of());
            ObservedEvent secondary = event(seq, "s" + seq, seq == 50 ? Map.of("direction", "sideways") : Map.of());
            ObservedEvent realtime = event(seq, "r" + seq);
            switch ((int) (seq % 3)) {
                case 0 -> {
                    v.observe(Side.LEGACY, primary);
                    v.observe(Side.REALTIME, realtime);
                    v.observeSecondary(Side.LEGACY, secondary);
                }
                case 1 -> {
                    v.observeSecondary(Side.LEGACY, secondary);
                    v.observe(Side.REALTIME, realtime);
                    v.observe(Side.LEGACY, primary);
                }
                default -> {
                    v.observe(Side.REALTIME, realtime);
                    v.observe(Side.LEGACY, primary);
                    v.observeSecondary(Side.LEGACY, secondary);
                }
            }
        }
        ValidationReport r = v.report();
        assertEquals(99, r.totals().matched());
        assertEquals(1, r.totals().mismatched());
        assertEquals(List.of("direction"), r.mismatches().stream().map(ValidationReport.FieldMismatch::field).toList());
        assertEquals(List.of(new ValidationReport.NoiseField("delivered_at", 100, 100)), r.noise());
        assertEquals(100, r.totals().noiseFieldDifferences());
        assertEquals(new ValidationReport.Calibration(true, 100, 0), r.calibration());
        assertEquals(99, v.summary().matched());
    }

    @Test
    void aNoisyFieldStillMismatchesWhenItDiffersBetweenTheSidesFarMoreOftenThanBetweenTwoObservations() {
        Validator v = validator();
        for (long seq = 1; seq <= 1_000; seq++) {
            String calibrated = seq == 1 ? "other" : "same"; // differs in 1 of 1,000 calibration pairs
            v.observe(Side.LEGACY, event(seq, "same"));
            v.observeSecondary(Side.LEGACY, event(seq, calibrated));
            v.observe(Side.REALTIME, event(seq, seq % 2 == 0 ? "changed" : "same")); // half of them differ
        }
        ValidationReport r = v.report();
        assertEquals(500, r.totals().mismatched());
        assertEquals(List.of("delivered_at"), r.mismatches().stream().map(ValidationReport.FieldMismatch::field).toList());
        assertTrue(r.noise().isEmpty());
    }

    @Test
    void withoutCalibrationTheSameDifferenceIsAMismatch() {
        Validator v = new Validator(ValidatorConfig.builder().build(), clock::now);
        v.observe(Side.LEGACY, event(1, "p"));
        v.observe(Side.REALTIME, event(1, "r"));
        assertEquals(1, v.report().totals().mismatched());
        assertThrows(IllegalStateException.class, () -> v.observeSecondary(Side.LEGACY, event(1, "s")));
    }

    @Test
    void aSecondaryObservationWithoutItsTwinWithinTheGraceWindowIsCountedUnpaired() {
        Validator v = validator();
        v.observeSecondary(Side.LEGACY, event(1, "s"));
        v.observe(Side.REALTIME, event(2, "r"));
        clock.advanceMillis(6_000);
        ValidationReport r = v.report();
        assertEquals(new ValidationReport.Calibration(true, 0, 1), r.calibration());
        assertEquals(0, r.totals().legacySeen(), "a secondary observation is not a delivery of the side");
        assertEquals(1, r.totals().missingOnLegacy());
    }
}
