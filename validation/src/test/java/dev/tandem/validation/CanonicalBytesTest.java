package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Equal canonical bytes must mean equal values as FieldComparator.same sees them, and (nearly always) the converse. */
class CanonicalBytesTest {
    private static final ObjectMapper DOUBLES = JsonMapper.builder().build();
    private static final ObjectMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static byte[] bytes(Object v) {
        CanonicalBytes.Encoded e = CanonicalBytes.encode(new Object[] {v});
        return e == null ? null : e.bytes();
    }

    private static List<Object> values() throws Exception {
        List<Object> v = new ArrayList<>(Arrays.asList(null, "", "a", "é", "日本", "150", 0L, 1L, -1L, 150L, 150, (short) 150,
                Long.MAX_VALUE, Long.MIN_VALUE, 150.0, -0.0, 0.0, 0.1, 0.30000000000000004, 1e300, 9.223372036854776E18,
                Double.NaN, Double.POSITIVE_INFINITY, 150.5, 0.1f, 150f, new BigDecimal("150"), new BigDecimal("150.00"),
                new BigDecimal("0.1"), new BigDecimal("0.10"), new BigDecimal("0.1000000000000000055511151231257827"),
                new BigDecimal("1E+300"), new BigDecimal("1E-400"), new BigDecimal("2E-400"),
                new BigDecimal("123456789012345678901234567890"), new BigDecimal("1.23456789012345E+18"),
                new BigDecimal("1234567890123450000"), BigInteger.valueOf(150), new BigInteger("123456789012345678901234567890"),
                Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:00.000001Z"), true, false,
                NODES.nullNode(), NODES.textNode("a"), NODES.textNode("150"), NODES.numberNode(150), NODES.numberNode(150L),
                NODES.numberNode(150.0), NODES.numberNode(new BigDecimal("150.0")), NODES.numberNode(0.1),
                NODES.numberNode(new BigDecimal("0.1")), NODES.numberNode(new BigDecimal("0.100")),
                NODES.numberNode(BigInteger.valueOf(150)), NODES.numberNode(Double.NaN), NODES.booleanNode(true)));
        for (String json : List.of("{\"a\":1,\"b\":[1,2.5]}", "{\"b\":[1,2.50],\"a\":1.0}", "{\"a\":1,\"b\":[2.5,1]}",
                "{\"a\":1}", "{\"a\":{\"x\":null}}", "{\"a\":{}}", "[]", "{}", "[1,\"1\"]", "{\"a\":0.1}",
                "{\"a\":12345678901234567890}", "{\"a\":1.2345678901234567}")) {
            v.add(DOUBLES.readTree(json));
            v.add(DECIMALS.readTree(json));
        }
        return v;
    }

    @Test
    void equalBytesExactlyWhenTheComparatorSaysEqual() throws Exception {
        List<Object> values = values();
        for (Object a : values) {
            for (Object b : values) {
                byte[] x = bytes(a);
                byte[] y = bytes(b);
                if (x == null || y == null) {
                    continue;
                }
                assertEquals(FieldComparator.same(a, b), Arrays.equals(x, y),
                        () -> describe(a) + " vs " + describe(b));
            }
        }
    }

    @Test
    void randomNumbersAgreeWithTheComparator() {
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            double d = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(1_000_000) / 100.0;
                case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
                case 2 -> (double) r.nextLong();
                default -> Double.longBitsToDouble(r.nextLong());
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            BigDecimal exact = new BigDecimal(d);
            BigDecimal shortest = BigDecimal.valueOf(d);
            for (Object m : List.of(exact, shortest, NODES.numberNode(shortest), NODES.numberNode(exact))) {
                Object a = m instanceof JsonNode ? NODES.numberNode(d) : d;
                assertEquals(FieldComparator.same(a, m), Arrays.equals(bytes(a), bytes(m)), () -> d + " vs " + m);
            }
        }
    }

    @Test
    void fieldsAreDelimitedAndUnknownTypesHaveNoBytes() {
        CanonicalBytes.Encoded ab = CanonicalBytes.encode(new Object[] {"xy", "z"});
        CanonicalBytes.Encoded ab2 = CanonicalBytes.encode(new Object[] {"x", "yz"});
        assertEquals(false, Arrays.equals(ab.bytes(), ab2.bytes()));
        assertEquals(ab.bytes().length, ab.ends()[1]);
        assertArrayEquals(Arrays.copyOfRange(ab.bytes(), 0, ab.ends()[0]), CanonicalBytes.encode(new Object[] {"xy"}).bytes());
        assertNull(CanonicalBytes.encode(new Object[] {new Object()}));
        assertNull(CanonicalBytes.encode(new Object[] {Float.NaN}));
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }
}
