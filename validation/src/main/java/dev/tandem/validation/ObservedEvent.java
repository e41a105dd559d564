package dev.tandem.validation;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One event as one side delivered it, already mapped to canonical field names and normalised values
 * (strings, {@code Long}, {@code Double}, {@code java.time.Instant}, Jackson {@code JsonNode}), so that
 * equal content compares equal. The validator knows nothing of transports.
 *
 * <p>Immutable. The fields are held as two sorted arrays (names, values): field order never matters, and
 * reports list differing fields in a stable order. They are also written once, here, as canonical bytes
 * ({@link CanonicalBytes}), so that the validator compares two events as two byte arrays. The id's key
 * ({@link IdKeys}), {@code seq}, {@code source} and {@code ingested_at} are read once here too, as the validator
 * needs them for every event. All of this is done by the observer's thread as it maps the event, so it runs in
 * parallel with the other observer and outside the validator's lock, which is what bounds its throughput.
 */
public final class ObservedEvent {
    /** Canonical field names the validator reads besides comparing them. */
    public static final String SEQ = "seq";
    public static final String SOURCE = "source";
    public static final String INGESTED_AT = "ingested_at";
    /** {@link #seq()} and {@link #ingestedAtMicros()} when the field is absent or not usable. */
    public static final long NONE = Long.MIN_VALUE;

    private final String eventId;
    /** The id as 128 bits, see {@link IdKeys}. */
    private final long idHi;
    private final long idLo;
    private final String[] names;
    private final Object[] values;
    private final long observedAtMicros;
    private final long seq;
    private final String source;
    private final long ingestedAtMicros;
    /** The fields as {@link CanonicalBytes}, and where each ends in them; null when a value has no encoding. */
    private final byte[] canonical;
    private final int[] ends;

    /**
     * @param eventId          the id both streams carry; the match key
     * @param fields           canonical field name to value; a null value means the field was null
     * @param observedAtMicros when the observer received it, microseconds since the epoch
     */
    public ObservedEvent(String eventId, Map<String, Object> fields, long observedAtMicros) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.idHi = IdKeys.hi(eventId);
        this.idLo = IdKeys.lo(eventId);
        Object[] v = new Object[Objects.requireNonNull(fields, "fields").size()];
        FieldLayout layout = FieldLayout.sort(fields, v);
        this.names = layout.sorted;
        this.values = v;
        this.observedAtMicros = observedAtMicros;
        this.seq = layout.seqAt >= 0 && v[layout.seqAt] instanceof Number s ? s.longValue() : NONE;
        this.source = layout.sourceAt >= 0 && v[layout.sourceAt] instanceof String s ? s : null;
        this.ingestedAtMicros = layout.ingestedAt >= 0 && v[layout.ingestedAt] instanceof Instant t ? micros(t) : NONE;
        CanonicalBytes.Encoded encoded = CanonicalBytes.encode(v);
        this.canonical = encoded == null ? null : encoded.bytes();
        this.ends = encoded == null ? null : encoded.ends();
    }

    public String eventId() {
        return eventId;
    }

    /** The canonical fields, sorted by name, unmodifiable. */
    public Map<String, Object> fields() {
        return new FieldsView();
    }

    public long observedAtMicros() {
        return observedAtMicros;
    }

    /** The source's sequence number, or {@link #NONE}. */
    public long seq() {
        return seq;
    }

    /** The source (instance id), or null. */
    public String source() {
        return source;
    }

    /** When the event was ingested, microseconds since the epoch, or {@link #NONE}. */
    public long ingestedAtMicros() {
        return ingestedAtMicros;
    }

    long idHi() {
        return idHi;
    }

    long idLo() {
        return idLo;
    }

    int size() {
        return names.length;
    }

    /** The sorted field names; shared by the events of one layout, never to be modified. */
    String[] names() {
        return names;
    }

    /** Whether both events have the same field names (the usual case is one array, checked by reference). */
    static boolean sameNames(String[] a, String[] b) {
        return a == b || Arrays.equals(a, b);
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }

    /** All field values as canonical bytes, in {@link #names()} order, or null; see {@link CanonicalBytes}. */
    byte[] canonical() {
        return canonical;
    }

    /** Where field {@code i} starts in {@link #canonical()}. */
    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Where field {@code i} ends in {@link #canonical()}. */
    int end(int i) {
        return ends[i];
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservedEvent e && eventId.equals(e.eventId) && observedAtMicros == e.observedAtMicros
                && Arrays.equals(names, e.names) && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, observedAtMicros, Arrays.hashCode(names), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "ObservedEvent[eventId=" + eventId + ", fields=" + fields() + ", observedAtMicros=" + observedAtMicros + "]";
    }

    /** A read-only map over the sorted arrays; lookups by binary search. */
    private final class FieldsView extends AbstractMap<String, Object> {
        @Override
        public int size() {
            return names.length;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && Arrays.binarySearch(names, s) >= 0;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String s)) {
                return null;
            }
            int i = Arrays.binarySearch(names, s);
            return i >= 0 ? values[i] : null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return names.length;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < names.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (i >= names.length) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>(names[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }
            };
        }
    }
}
