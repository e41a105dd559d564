package dev.tandem.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two canonical events field by field. Numbers compare by value (150 equals 150.0), JSON by
 * structure with numbers by value (key order never matters), everything else with {@code equals}.
 *
 * <p>Two speeds. {@link #quickCompare} is the hot path: equal canonical bytes ({@link CanonicalBytes}) are
 * equal events, no allocation, and it only says whether anything but ignored fields differs. Only then does
 * {@link #differences} name every differing field path, descending into JSON objects and arrays
 * ({@code metadata.region}, {@code metadata.tags[2]}), so that ignore rules and reports work by path.
 */
final class FieldComparator {
    /** What {@link #quickCompare} answers when a compared (not ignored) field differs. */
    static final int DIFFERENT = -1;

    private final String[] ignored;
    /** Ignored names without a dot or bracket: top-level fields the hot path skips by name. */
    private final String[] ignoredTopLevel;

    FieldComparator(Set<String> ignoredPaths) {
        this.ignored = ignoredPaths.toArray(new String[0]);
        this.ignoredTopLevel = ignoredPaths.stream().filter(p -> p.indexOf('.') < 0 && p.indexOf('[') < 0)
                .toArray(String[]::new);
    }

    /** One differing field path. {@code present} false: the side lacked the field (as opposed to null). */
    record Difference(String path, Object legacy, boolean legacyPresent, Object realtime, boolean realtimePresent) {
    }

    /** The result of {@link #differences}: compared paths that differ, and how many ignored paths differed. */
    record Outcome(List<Difference> differences, int ignoredDifferences) {
    }

    /**
     * {@link #DIFFERENT} when a compared field differs; otherwise how many ignored top-level fields differ
     * (0 for equal events).
     */
    int quickCompare(ObservedEvent a, ObservedEvent b) {
        byte[] x = a.canonical();
        byte[] y = b.canonical();
        boolean bytes = x != null && y != null;
        if (bytes && ObservedEvent.sameNames(a.names(), b.names()) && Arrays.equals(x, y)) {
            return 0;
        }
        // Field by field, to tell ignored fields from the rest: by their bytes, or their values when an event has
        // a value CanonicalBytes cannot write.
        int na = a.size();
        int nb = b.size();
        int i = 0;
        int j = 0;
        int ignoredDiffs = 0;
        while (i < na || j < nb) {
            String ka = i < na ? a.name(i) : null;
            String kb = j < nb ? b.name(j) : null;
            int c = ka == null ? 1 : kb == null ? -1 : ka == kb ? 0 : ka.compareTo(kb);
            String key = c <= 0 ? ka : kb;
            boolean equal = c == 0 && (bytes ? Arrays.equals(x, a.start(i), a.end(i), y, b.start(j), b.end(j))
                    : same(a.value(i), b.value(j)));
            if (!equal) {
                if (!isIgnoredTopLevel(key)) {
                    return DIFFERENT;
                }
                ignoredDiffs++;
            }
            if (c <= 0) {
                i++;
            }
            if (c >= 0) {
                j++;
            }
        }
        return ignoredDiffs;
    }

    private boolean isIgnoredTopLevel(String name) {
        for (String s : ignoredTopLevel) {
            if (s.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every differing field path, in path order; ignored paths are only counted. */
    Outcome differences(ObservedEvent legacy, ObservedEvent realtime) {
        List<Difference> out = new ArrayList<>();
        int[] ignoredDiffs = {0};
        int na = legacy.size();
        int nb = realtime.size();
        int i = 0;
        int j = 0;
        while (i < na || j < nb) {
            String ka = i < na ? legacy.name(i) : null;
            String kb = j < nb ? realtime.name(j) : null;
            int c = ka == null ? 1 : kb == null ? -1 : ka.compareTo(kb);
            if (c == 0) {
                diff(ka, legacy.value(i), true, realtime.value(j), true, out, ignoredDiffs);
                i++;
                j++;
            } else if (c < 0) {
                diff(ka, legacy.value(i), true, null, false, out, ignoredDiffs);
                i++;
            } else {
                diff(kb, null, false, realtime.value(j), true, out, ignoredDiffs);
                j++;
            }
        }
        return new Outcome(out, ignoredDiffs[0]);
    }

    private void diff(String path, Object l, boolean lPresent, Object r, boolean rPresent, List<Difference> out,
                      int[] ignoredDiffs) {
        boolean equal = lPresent == rPresent && same(l, r);
        if (isIgnored(path)) {
            if (!equal) {
                ignoredDiffs[0]++;
            }
            return;
        }
        if (equal) {
            return;
        }
        if (l instanceof JsonNode x && r instanceof JsonNode y) {
            if (x.isObject() && y.isObject()) {
                Set<String> keys = new TreeSet<>();
                x.properties().forEach(e -> keys.add(e.getKey()));
                y.properties().forEach(e -> keys.add(e.getKey()));
                for (String k : keys) {
                    JsonNode lx = x.get(k);
                    JsonNode ry = y.get(k);
                    diff(path + "." + k, lx, lx != null, ry, ry != null, out, ignoredDiffs);
                }
                return;
            }
            if (x.isArray() && y.isArray() && x.size() == y.size()) {
                for (int k = 0; k < x.size(); k++) {
                    diff(path + "[" + k + "]", x.get(k), true, y.get(k), true, out, ignoredDiffs);
                }
                return;
            }
        }
        out.add(new Difference(path, l, lPresent, r, rPresent));
    }

    /** A path is ignored when an ignore rule names it or any path above it. */
    boolean isIgnored(String path) {
        for (String p : ignored) {
            if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '.'
                    || path.charAt(p.length()) == '[')) {
                return true;
            }
        }
        return false;
    }

    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String x) {
            return x.equals(b);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof Double x && b instanceof Double y) {
            double p = x;
            double q = y;
            return p == q || (p != p && q != q);
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (finite(x) && finite(y)) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            }
            return Objects.equals(a, b);
        }
        if (a instanceof JsonNode x && b instanceof JsonNode y) {
            return sameJson(x, y);
        }
        return a.equals(b);
    }

    /** Structural equality with numbers by value, without building anything on the way. */
    static boolean sameJson(JsonNode x, JsonNode y) {
        if (x == y) {
            return true;
        }
        JsonNodeType tx = x.getNodeType();
        JsonNodeType ty = y.getNodeType();
        if (tx == JsonNodeType.NUMBER && ty == JsonNodeType.NUMBER) {
            return sameNumber(x, y);
        }
        if (tx != ty) {
            return false;
        }
        switch (tx) {
            case OBJECT -> {
                if (x.size() != y.size()) {
                    return false;
                }
                for (Map.Entry<String, JsonNode> e : x.properties()) {
                    JsonNode other = y.get(e.getKey());
                    if (other == null || !sameJson(e.getValue(), other)) {
                        return false;
                    }
                }
                return true;
            }
            case ARRAY -> {
                int n = x.size();
                if (n != y.size()) {
                    return false;
                }
                for (int k = 0; k < n; k++) {
                    if (!sameJson(x.get(k), y.get(k))) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                return x.equals(y);
            }
        }
    }

    private static boolean sameNumber(JsonNode x, JsonNode y) {
        boolean xLong = x.isInt() || x.isLong() || x.isShort();
        boolean yLong = y.isInt() || y.isLong() || y.isShort();
        if (xLong && yLong) {
            return x.longValue() == y.longValue();
        }
        boolean xDouble = x.isDouble() || x.isFloat();
        boolean yDouble = y.isDouble() || y.isFloat();
        if (xDouble && yDouble) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return p == q || (p != p && q != q);
        }
        if ((xDouble && !Double.isFinite(x.doubleValue())) || (yDouble && !Double.isFinite(y.doubleValue()))) {
            return false; // an infinity or NaN never equals a decimal or an integer
        }
        if (xDouble && y.isBigDecimal()) {
            return sameDoubleAndDecimal(x.doubleValue(), y.decimalValue());
        }
        if (yDouble && x.isBigDecimal()) {
            return sameDoubleAndDecimal(y.doubleValue(), x.decimalValue());
        }
        return x.decimalValue().compareTo(y.decimalValue()) == 0;
    }

    /**
     * A double (one side parsed floats as doubles) against a decimal (the other kept them exact), as
     * {@code BigDecimal.valueOf(d).compareTo(m) == 0} would say, mostly without building a decimal: a decimal of
     * at most 15 significant digits survives the trip to the nearest double and back to the shortest decimal
     * that rounds to it, so it equals the double's shortest decimal exactly when it rounds to the same double.
     */
    private static boolean sameDoubleAndDecimal(double d, BigDecimal m) {
        if (m.precision() <= 15) {
            return m.doubleValue() == d;
        }
        return BigDecimal.valueOf(d).compareTo(m) == 0;
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }
}
