package dev.tandem.adapter.ingest;

import java.util.List;

/** Events were accepted but not confirmed durable in time; the producer may retry with the same ids. */
public final class NotDurableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<IngestService.Accepted> accepted;

    public NotDurableException(String message, List<IngestService.Accepted> accepted) {
        super(message);
        this.accepted = List.copyOf(accepted);
    }

    public List<IngestService.Accepted> accepted() {
        return accepted;
    }
}
