package dev.tandem.realtimebridge.local;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code postgres_changes} filter in PostgREST syntax, {@code column=op.value}, with the long-standing
 * operators {@code eq, neq, lt, lte, gt, gte, in} ({@code in.(a,b,c)}, at most {@value #MAX_IN_VALUES} values),
 * evaluated on the row's text values. Numeric columns compare as numbers, everything else as text. A row that
 * lacks the column (a DELETE's key-only old record) does not match, as on the real server.
 */
record ChangeFilter(String column, String op, List<String> values) {
    static final Set<String> OPERATORS = Set.of("eq", "neq", "lt", "lte", "gt", "gte", "in");
    static final int MAX_IN_VALUES = 100;
    private static final Set<String> NUMERIC = Set.of("int2", "int4", "int8", "float4", "float8", "numeric", "oid");

    ChangeFilter {
        values = List.copyOf(values);
    }

    /** Parses {@code column=op.value}; throws naming the problem. */
    static ChangeFilter parse(String filter) {
        int eq = filter.indexOf('=');
        int dot = eq < 0 ? -1 : filter.indexOf('.', eq);
        if (eq <= 0 || dot < 0) {
            throw new IllegalArgumentException("filter must be column=operator.value, got: " + filter);
        }
        String column = filter.substring(0, eq);
        String op = filter.substring(eq + 1, dot).toLowerCase(Locale.ROOT);
        String value = filter.substring(dot + 1);
        if (!OPERATORS.contains(op)) {
            throw new IllegalArgumentException("filter operator must be one of " + OPERATORS + ", got: " + op);
        }
        if (!op.equals("in")) {
            return new ChangeFilter(column, op, List.of(value));
        }
        if (!value.startsWith("(") || !value.endsWith(")")) {
            throw new IllegalArgumentException("filter in.(…) needs its values in parentheses, got: " + value);
        }
        List<String> list = new ArrayList<>();
        for (String v : value.substring(1, value.length() - 1).split(",", -1)) {
            String t = v.trim();
            list.add(t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t);
        }
        if (list.size() > MAX_IN_VALUES) {
            throw new IllegalArgumentException("filter in.(…) takes at most " + MAX_IN_VALUES + " values, got " + list.size());
        }
        return new ChangeFilter(column, op, list);
    }

    boolean matches(Map<String, String> row, TableInfo table) {
        if (row == null || !row.containsKey(column)) {
            return false;
        }
        String actual = row.get(column);
        if (actual == null) {
            return false; // SQL: NULL compared with anything is not true
        }
        boolean numeric = NUMERIC.contains(table.type(column));
        if (op.equals("in")) {
            return values.stream().anyMatch(v -> compare(actual, v, numeric) == 0);
        }
        int c = compare(actual, values.get(0), numeric);
        return switch (op) {
            case "eq" -> c == 0;
            case "neq" -> c != 0;
            case "lt" -> c < 0;
            case "lte" -> c <= 0;
            case "gt" -> c > 0;
            case "gte" -> c >= 0;
            default -> throw new IllegalStateException("unknown operator " + op);
        };
    }

    private static int compare(String actual, String wanted, boolean numeric) {
        if (numeric) {
            try {
                return new BigDecimal(actual).compareTo(new BigDecimal(wanted));
            } catch (NumberFormatException e) {
                // fall through to text: e.g. NaN, or a filter value that is not a number
            }
        }
        return actual.compareTo(wanted);
    }

    /** As Realtime writes filters in its error texts: {@code {"column", "op", "value"}}. */
    String describe() {
        return "{\"" + column + "\", \"" + op + "\", \"" + String.join(",", values) + "\"}";
    }
}
