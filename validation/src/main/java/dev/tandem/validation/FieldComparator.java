package dev.tandem.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two canonical field maps. Numbers compare by value (150 equals 150.0), JSON by structure with
 * numbers by value (key order never matters), everything else with {@code equals}.
 */
final class FieldComparator {
    /** Orders JSON numbers by value, so 1 and 1.0 inside metadata are equal; other nodes by equals. */
    private static final Comparator<JsonNode> JSON_VALUE_ORDER = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final Set<String> ignored;

    FieldComparator(Set<String> ignored) {
        this.ignored = ignored;
    }

    List<ValidationSummary.FieldDifference> differences(Map<String, Object> legacy, Map<String, Object> realtime) {
        Set<String> names = new TreeSet<>(legacy.keySet());
        names.addAll(realtime.keySet());
        names.removeAll(ignored);
        List<ValidationSummary.FieldDifference> out = new ArrayList<>();
        for (String name : names) {
            Object l = legacy.get(name);
            Object r = realtime.get(name);
            boolean bothPresent = legacy.containsKey(name) && realtime.containsKey(name);
            if (!bothPresent || !same(l, r)) {
                out.add(new ValidationSummary.FieldDifference(name,
                        legacy.containsKey(name) ? String.valueOf(l) : "<absent>",
                        realtime.containsKey(name) ? String.valueOf(r) : "<absent>"));
            }
        }
        return out;
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && finite(x) && finite(y)) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof JsonNode x && b instanceof JsonNode y) {
            return x.equals(JSON_VALUE_ORDER, y);
        }
        return Objects.equals(a, b);
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }
}
