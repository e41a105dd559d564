package dev.tandem.adapter.rollout;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parameters of the {@link RolloutStrategy}, validated: every problem names the parameter and its limit.
 *
 * @param basisPoints the share of dashboards on Realtime in hundredths of a percent, 0..10,000
 * @param seed        mixed into every client's bucket; a new seed reshuffles who is in
 * @param allow       client ids always on Realtime (unless denied or the kill switch is on)
 * @param deny        client ids never on Realtime
 * @param kinds       dashboard kinds that may be on Realtime; empty: any
 * @param tenants     tenants that may be on Realtime; empty: any
 */
public record RolloutParameters(int basisPoints, String seed, Set<String> allow, Set<String> deny, Set<String> kinds,
                                Set<String> tenants) {
    public static final String PERCENTAGE = "percentage";
    public static final String SEED = "seed";
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String KINDS = "kinds";
    public static final String TENANTS = "tenants";
    public static final List<String> NAMES = List.of(PERCENTAGE, SEED, ALLOW, DENY, KINDS, TENANTS);
    public static final String DEFAULT_SEED = "tandem";
    public static final int MAX_LIST_ENTRIES = 1_000;
    private static final Pattern SEED_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    public static final RolloutParameters NONE = new RolloutParameters(0, DEFAULT_SEED, Set.of(), Set.of(), Set.of(), Set.of());

    public RolloutParameters {
        allow = Set.copyOf(allow);
        deny = Set.copyOf(deny);
        kinds = Set.copyOf(kinds);
        tenants = Set.copyOf(tenants);
    }

    /** Parses Togglz's string parameters; absent ones take their defaults. */
    public static RolloutParameters parse(Map<String, String> raw) {
        for (String name : raw.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("parameters." + name + ": unknown parameter; known: " + NAMES);
            }
        }
        return new RolloutParameters(basisPoints("parameters." + PERCENTAGE, raw.get(PERCENTAGE)), seed(raw.get(SEED)), list(ALLOW, raw.get(ALLOW)),
                list(DENY, raw.get(DENY)), list(KINDS, raw.get(KINDS)), list(TENANTS, raw.get(TENANTS)));
    }

    /** The percentage as Togglz stores it: "25", "2.5". */
    public String percentage() {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
    }

    public RolloutParameters withBasisPoints(int bp) {
        return new RolloutParameters(bp, seed, allow, deny, kinds, tenants);
    }

    /** As Togglz parameters, lists sorted so the same settings always store the same text. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PERCENTAGE, percentage());
        m.put(SEED, seed);
        m.put(ALLOW, join(allow));
        m.put(DENY, join(deny));
        m.put(KINDS, join(kinds));
        m.put(TENANTS, join(tenants));
        return m;
    }

    /**
     * A percentage as basis points (0..10,000): a number from 0 to 100 in steps of 0.01, blank meaning 0; else a
     * problem that starts with {@code field}, the name the caller knows the value by.
     */
    public static int basisPoints(String field, String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        String rule = field + ": must be a number from 0 to 100 in steps of 0.01, got '" + v + "'";
        BigDecimal p;
        try {
            p = new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(rule);
        }
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0 || p.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(rule);
        }
        return p.movePointRight(2).intValueExact();
    }

    private static String seed(String v) {
        if (v == null || v.isBlank()) {
            return DEFAULT_SEED;
        }
        if (!SEED_PATTERN.matcher(v.strip()).matches()) {
            throw new IllegalArgumentException("parameters.seed: must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -");
        }
        return v.strip();
    }

    private static Set<String> list(String name, String v) {
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        Set<String> out = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (out.size() > MAX_LIST_ENTRIES) {
            throw new IllegalArgumentException("parameters." + name + ": at most " + MAX_LIST_ENTRIES + " entries, got "
                    + out.size());
        }
        for (String s : out) {
            if (!NAME_PATTERN.matcher(s).matches()) {
                throw new IllegalArgumentException("parameters." + name + ": each entry must be 1 to 128 characters of"
                        + " A-Z, a-z, 0-9, _ . : @ -; got '" + s + "'");
            }
        }
        return out;
    }

    private static String join(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(","));
    }
}
