package dev.tandem.validation;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One event as one side delivered it, already mapped to canonical field names and normalised values
 * (strings, {@code Long}, {@code Double}, {@code java.time.Instant}, Jackson {@code JsonNode}), so that
 * equal content compares equal with {@link Object#equals}. The validator knows nothing of transports.
 *
 * @param eventId          the id both streams carry; the match key
 * @param fields           canonical field name to value; a null value means the field was null
 * @param observedAtMicros when the observer received it, microseconds since the epoch
 */
public record ObservedEvent(String eventId, Map<String, Object> fields, long observedAtMicros) {
    public ObservedEvent {
        Objects.requireNonNull(eventId, "eventId");
        // A sorted copy: field order never matters, and reports list differing fields in a stable order.
        fields = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(fields, "fields")));
    }
}
