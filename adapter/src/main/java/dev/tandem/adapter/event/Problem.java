package dev.tandem.adapter.event;

/**
 * One reason a request was refused.
 *
 * @param item  index of the event in the request (0 for a single object), or null for the body as a whole
 * @param field the field name, or "body"
 * @param rule  what the field must be, with the value or bound where it helps
 */
public record Problem(Integer item, String field, String rule) {
    /** A one-line description: {@code events[3].direction: must be one of inbound, outbound}. */
    public String describe() {
        return (item == null ? field : "events[" + item + "]." + field) + ": " + rule;
    }
}
