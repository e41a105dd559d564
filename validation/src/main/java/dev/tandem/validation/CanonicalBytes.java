package dev.tandem.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * An event's fields written once, when it is observed, as bytes in which equal content is equal bytes, under
 * the same equality as {@link FieldComparator#same}: numbers by value (150, 150.0 and a decimal 150.00 are one
 * integer; a double and a decimal that {@code BigDecimal.valueOf} makes equal are one double), JSON objects
 * with their keys sorted, JSON values never equal to Java values of the same look. Comparing two events is then
 * one comparison of two byte arrays that sit in a few cache lines, instead of a walk over some thirty objects
 * and JSON nodes; that walk is only made for events that differ, to name the differing paths.
 *
 * <p>The bytes are the values, in the order of the event's sorted field names, which are compared apart (events
 * of one layout share one array of names); {@code ends[i]} is where value {@code i} ends. An event holding a
 * value of a type not listed here has no bytes ({@code null}), and is compared object by object.
 */
final class CanonicalBytes {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte DOUBLE = 3;
    private static final byte DECIMAL = 4;
    private static final byte INSTANT = 5;
    private static final byte TRUE = 6;
    private static final byte FALSE = 7;
    /** Added to a tag for a value inside JSON: a JSON 1 is not a Java 1, as {@link FieldComparator#same} has it. */
    private static final byte JSON = 16;
    private static final byte OBJECT = 8;
    private static final byte ARRAY = 9;

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final double TWO_POW_53 = 0x1p53;
    private static final double TWO_POW_63 = 0x1p63;

    private static final ThreadLocal<CanonicalBytes> SCRATCH = ThreadLocal.withInitial(CanonicalBytes::new);

    private byte[] buf = new byte[512];
    private int len;
    private char[] chars = new char[256];

    /** The bytes of these field values, and where each value ends in them; null when a value has no encoding. */
    record Encoded(byte[] bytes, int[] ends) {
    }

    static Encoded encode(Object[] values) {
        CanonicalBytes w = SCRATCH.get();
        w.len = 0;
        int[] ends = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!w.value(values[i])) {
                return null;
            }
            ends[i] = w.len;
        }
        return new Encoded(Arrays.copyOf(w.buf, w.len), ends);
    }

    private boolean value(Object v) {
        if (v == null) {
            put(NULL);
        } else if (v instanceof String s) {
            put(STRING);
            string(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            put(INT);
            putLong(((Number) v).longValue());
        } else if (v instanceof Double d) {
            number(d, 0);
        } else if (v instanceof Float f) {
            if (!Float.isFinite(f)) {
                return false;
            }
            decimal(new BigDecimal(f.toString()), 0); // as FieldComparator.same reads a Float: by its decimal text
        } else if (v instanceof BigDecimal m) {
            decimal(m, 0);
        } else if (v instanceof BigInteger b) {
            integer(b, 0);
        } else if (v instanceof Instant t) {
            put(INSTANT);
            putLong(t.getEpochSecond());
            putLong(t.getNano());
        } else if (v instanceof Boolean b) {
            put(b ? TRUE : FALSE);
        } else if (v instanceof JsonNode n) {
            return json(n);
        } else {
            return false;
        }
        return true;
    }

    /** A JSON value; concrete node classes are tested first (cheaper than asking a node what it is). */
    private boolean json(JsonNode n) {
        if (n instanceof TextNode t) {
            put((byte) (JSON + STRING));
            string(t.textValue());
        } else if (n instanceof IntNode || n instanceof LongNode || n instanceof ShortNode) {
            put((byte) (JSON + INT));
            putLong(n.longValue());
        } else if (n instanceof DoubleNode || n instanceof FloatNode) {
            number(n.doubleValue(), JSON);
        } else if (n instanceof DecimalNode) {
            decimal(n.decimalValue(), JSON);
        } else if (n instanceof ObjectNode o) {
            return object(o);
        } else if (n instanceof ArrayNode a) {
            int size = a.size();
            put((byte) (JSON + ARRAY));
            putLong(size);
            for (int i = 0; i < size; i++) {
                if (!json(a.get(i))) {
                    return false;
                }
            }
        } else if (n instanceof NullNode) {
            put((byte) (JSON + NULL));
        } else if (n instanceof BooleanNode) {
            put((byte) (JSON + (n.booleanValue() ? TRUE : FALSE)));
        } else if (n instanceof BigIntegerNode) {
            integer(n.bigIntegerValue(), JSON);
        } else {
            return false; // binary, POJO, missing, or another node class: compared object by object
        }
        return true;
    }

    /** An object with its members sorted by name (insertion sort: metadata objects are small, often sorted). */
    private boolean object(ObjectNode o) {
        int size = o.size();
        @SuppressWarnings("unchecked")
        Map.Entry<String, JsonNode>[] members = new Map.Entry[size];
        int k = 0;
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String key = e.getKey();
            int at = k++;
            while (at > 0 && members[at - 1].getKey().compareTo(key) > 0) {
                members[at] = members[at - 1];
                at--;
            }
            members[at] = e;
        }
        put((byte) (JSON + OBJECT));
        putLong(size);
        for (Map.Entry<String, JsonNode> member : members) {
            string(member.getKey());
            if (!json(member.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A double, read as its shortest decimal ({@code BigDecimal.valueOf}, as {@link FieldComparator#same} reads
     * it): an integer when that is one within long range, else its bits (NaN and infinities included).
     */
    private void number(double d, int json) {
        boolean integral = Double.isFinite(d) && d == Math.rint(d);
        if (integral && Math.abs(d) < TWO_POW_53) {
            put((byte) (json + INT)); // below 2^53 an integral double's shortest decimal is the integer itself
            putLong((long) d);
            return;
        }
        BigDecimal shortest = integral && Math.abs(d) < TWO_POW_63 ? BigDecimal.valueOf(d).stripTrailingZeros() : null;
        if (shortest != null && shortest.scale() <= 0) {
            put((byte) (json + INT));
            putLong(shortest.longValueExact());
        } else {
            put((byte) (json + DOUBLE));
            putLong(Double.doubleToLongBits(d));
        }
    }

    /**
     * A decimal: an integer when it is one within long range; the double whose shortest decimal it equals when
     * there is one (so it meets that double, as {@code BigDecimal.valueOf(d).compareTo(m) == 0} would); else its
     * digits and scale, trailing zeros stripped.
     */
    private void decimal(BigDecimal m, int json) {
        if (m.signum() == 0) {
            put((byte) (json + INT));
            putLong(0);
            return;
        }
        if (m.precision() <= 15) {
            // Up to 15 significant digits (so below 10^15 whenever there is a fraction) the nearest double is
            // integral exactly when the decimal is, and exact then; a fraction is the shortest decimal of its
            // nearest normal double. No stripping or dividing needed.
            double d = m.doubleValue();
            if (d == Math.rint(d) && d != 0 && Math.abs(d) < TWO_POW_53) { // 0 here is an underflow
                put((byte) (json + INT));
                putLong((long) d);
                return;
            }
            if (d != Math.rint(d) && Math.abs(d) >= Double.MIN_NORMAL) {
                put((byte) (json + DOUBLE));
                putLong(Double.doubleToLongBits(d));
                return;
            }
        }
        boolean integral = m.scale() <= 0 || m.stripTrailingZeros().scale() <= 0;
        if (integral && m.compareTo(LONG_MIN) >= 0 && m.compareTo(LONG_MAX) <= 0) {
            put((byte) (json + INT));
            putLong(m.longValue());
            return;
        }
        double d = m.doubleValue();
        boolean normal = Double.isFinite(d) && Math.abs(d) >= Double.MIN_NORMAL;
        // Up to 15 significant digits a decimal is the shortest decimal of its nearest (normal) double.
        if (!integral && Double.isFinite(d)
                && ((normal && m.precision() <= 15) || BigDecimal.valueOf(d).compareTo(m) == 0)) {
            put((byte) (json + DOUBLE));
            putLong(Double.doubleToLongBits(d));
            return;
        }
        if (integral && Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(m) == 0) {
            number(d, json); // a large integer some double spells exactly: meet that double
            return;
        }
        BigDecimal stripped = m.stripTrailingZeros();
        put((byte) (json + DECIMAL));
        putLong(stripped.scale());
        byte[] digits = stripped.unscaledValue().toByteArray();
        putLong(digits.length);
        ensure(digits.length);
        System.arraycopy(digits, 0, buf, len, digits.length);
        len += digits.length;
    }

    private void integer(BigInteger b, int json) {
        if (b.bitLength() < 64) {
            put((byte) (json + INT));
            putLong(b.longValue());
        } else {
            decimal(new BigDecimal(b), json);
        }
    }

    /** Length in chars, then each char: one byte below 0x80, else a marker byte and two. */
    private void string(String s) {
        int n = s.length();
        putLong(n);
        ensure(3 * n);
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] cs = chars;
        s.getChars(0, n, cs, 0);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else {
                b[p++] = (byte) 0x80;
                b[p++] = (byte) (c >>> 8);
                b[p++] = (byte) c;
            }
        }
        len = p;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    /** Seven bits a byte, low first, the high bit marking more to come (any long; negatives take ten bytes). */
    private void putLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
