package dev.tandem.realtimebridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters in PostgREST syntax on a row's text values, and record values typed as Realtime sends them. */
class ChangeFilterTest {
    private static final TableInfo TABLE = new TableInfo("public", "t", List.of(new TableInfo.Column("seq", "int8"),
            new TableInfo.Column("source", "text"), new TableInfo.Column("meta", "jsonb"),
            new TableInfo.Column("at", "timestamptz"), new TableInfo.Column("ok", "bool")), List.of("seq"), true);

    private static boolean matches(String filter, String seq, String source) {
        Map<String, String> row = new HashMap<>();
        row.put("seq", seq);
        row.put("source", source);
        return ChangeFilter.parse(filter).matches(row, TABLE);
    }

    @Test
    void everyOperatorComparesNumbersAsNumbersAndTextAsText() {
        assertTrue(matches("seq=eq.10", "10", "a"));
        assertFalse(matches("seq=eq.10", "9", "a"));
        assertTrue(matches("seq=neq.10", "9", "a"));
        assertTrue(matches("seq=gt.9", "10", "a"), "10 > 9 as numbers, not as text");
        assertFalse(matches("seq=gt.10", "10", "a"));
        assertTrue(matches("seq=gte.10", "10", "a"));
        assertTrue(matches("seq=lt.10", "9", "a"));
        assertFalse(matches("seq=lt.10", "10", "a"));
        assertTrue(matches("seq=lte.10", "10", "a"));
        assertTrue(matches("source=in.(a,\"b c\",d)", "1", "b c"));
        assertFalse(matches("source=in.(a,d)", "1", "b"));
        assertTrue(matches("source=lt.b", "1", "a"));
        assertTrue(matches("source=eq.x.y", "1", "x.y"), "the value is everything after the operator's dot");
        assertFalse(matches("missing=eq.1", "1", "a"), "a column the row lacks never matches");
        assertFalse(matches("source=eq.a", "1", null), "NULL matches nothing");
    }

    @Test
    void badFiltersAreRefusedNamingTheProblem() {
        assertEquals("filter operator must be one of " + ChangeFilter.OPERATORS + ", got: like",
                assertThrows(IllegalArgumentException.class, () -> ChangeFilter.parse("a=like.x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChangeFilter.parse("a"));
        assertThrows(IllegalArgumentException.class, () -> ChangeFilter.parse("a=in.1,2"));
        String many = "a=in.(" + "1,".repeat(ChangeFilter.MAX_IN_VALUES) + "1)";
        assertThrows(IllegalArgumentException.class, () -> ChangeFilter.parse(many));
    }

    @Test
    void recordValuesAreTypedAsJsonbWouldType() {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put("seq", "9007199254740993");
        row.put("source", "s");
        row.put("meta", "{\"k\": [1, 2]}");
        row.put("at", "2024-05-06 07:08:09.123+00");
        row.put("ok", "t");
        assertEquals("{\"seq\":9007199254740993,\"source\":\"s\",\"meta\":{\"k\":[1,2]},"
                + "\"at\":\"2024-05-06T07:08:09.123+00:00\",\"ok\":true}", RecordJson.of(row, TABLE).toString());
    }

    @Test
    void bindingIdsAreStableForIdenticalParameters() {
        assertEquals(Binding.stableId("*", "public", "t", null), Binding.stableId("*", "public", "t", null));
        assertTrue(Binding.stableId("*", "public", "t", "a=eq.1") != Binding.stableId("*", "public", "t", "a=eq.2"));
        assertTrue(Binding.stableId("INSERT", "public", "t", null) <= Binding.ID_MASK);
    }
}
