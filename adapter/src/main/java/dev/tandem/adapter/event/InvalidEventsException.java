package dev.tandem.adapter.event;

import java.util.List;

/** A request refused whole: nothing from it was accepted. Carries every problem found (bounded). */
public final class InvalidEventsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient List<Problem> problems;

    public InvalidEventsException(String code, List<Problem> problems) {
        super(problems.get(0).describe() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    /** {@code bad_json} or {@code invalid_events}. */
    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
