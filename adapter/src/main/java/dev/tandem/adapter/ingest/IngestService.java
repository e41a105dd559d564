package dev.tandem.adapter.ingest;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.MonitoringEvent;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.WriteTicket;
import dev.tandem.realtimebridge.writer.WriterFullException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts validated drafts: reserves room on the durable leg first (so a full writer refuses the request
 * with nothing done), then assigns ids and gap-free sequence numbers, hands the rows to the writer and the
 * events to the legacy broadcaster in seq order, and answers once the rows are durable: committed to
 * PostgreSQL or, while it is unreachable, forced to disk in the writer's outage buffer. Either way the legacy
 * broadcast goes out at once; a dead Postgres never holds it up.
 */
public final class IngestService {
    /** How long a request waits for its rows to be durable before it is told to retry. */
    public static final Duration DEFAULT_DURABLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final String source;
    private final EventWriter writer;
    private final LegacyFeed legacy;
    private final CanonicalMapping mapping;
    private final Duration durableTimeout;
    private final Object sequenceLock = new Object();
    private final java.util.function.BooleanSupplier dualWrite;
    private long lastSeq;

    public IngestService(String source, long lastSeq, EventWriter writer, LegacyFeed legacy,
                         CanonicalMapping mapping, Duration durableTimeout) {
        this(source, lastSeq, writer, legacy, mapping, durableTimeout, () -> true);
    }

    /**
     * @param dualWrite whether events go to PostgreSQL too (the DUAL_WRITE flag); when false they are only
     *                  broadcast, and accepted once broadcast
     */
    public IngestService(String source, long lastSeq, EventWriter writer, LegacyFeed legacy,
                         CanonicalMapping mapping, Duration durableTimeout, java.util.function.BooleanSupplier dualWrite) {
        this.dualWrite = dualWrite;
        this.source = source;
        this.lastSeq = lastSeq;
        this.writer = writer;
        this.legacy = legacy;
        this.mapping = mapping;
        this.durableTimeout = durableTimeout;
    }

    /** What the producer is told: the id and sequence number of each accepted event, in request order. */
    public record Accepted(UUID eventId, long seq) {
    }

    /**
     * Accepts every draft or none.
     *
     * @throws WriterFullException  the durable leg has no room: nothing was accepted, retry later; an
     *                              {@link dev.tandem.realtimebridge.writer.OutageFullException} when Postgres is
     *                              unreachable and the outage buffer is full
     * @throws NotDurableException  the events were accepted and broadcast but are not yet durable within
     *                              the timeout; retrying with the returned ids is safe (writes are idempotent)
     */
    public List<Accepted> ingest(List<EventDraft> drafts) throws WriterFullException, NotDurableException {
        List<MonitoringEvent> events = new ArrayList<>(drafts.size());
        CompletableFuture<Void> durable;
        synchronized (sequenceLock) {
            WriteTicket ticket = dualWrite.getAsBoolean() ? writer.reserve(drafts.size()) : null;
            long seq = lastSeq;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<EventRow> rows = new ArrayList<>(drafts.size());
            try {
                for (EventDraft d : drafts) {
                    UUID id = d.eventId() != null ? d.eventId() : UuidCreator.getTimeOrderedEpoch();
                    MonitoringEvent e = MonitoringEvent.of(d, id, ++seq, source, now);
                    events.add(e);
                    rows.add(mapping.toRow(e));
                }
                durable = ticket == null ? CompletableFuture.completedFuture(null) : ticket.submit(rows);
            } catch (RuntimeException e) {
                // Nothing was handed on (the outage buffer may have refused the rows): give the room back and
                // leave the sequence where it was.
                if (ticket != null) {
                    ticket.cancel();
                }
                throw e;
            }
            lastSeq = seq;
            for (MonitoringEvent e : events) {
                publishLegacy(e);
            }
        }
        List<Accepted> accepted = events.stream().map(e -> new Accepted(e.eventId(), e.seq())).toList();
        try {
            durable.get(durableTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NotDurableException("not durable (committed to PostgreSQL or in the outage buffer) within "
                    + durableTimeout.toMillis() + " ms; the writer keeps trying", accepted);
        } catch (ExecutionException e) {
            throw new NotDurableException("the write failed: " + e.getCause().getMessage(), accepted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotDurableException("interrupted while waiting for the write", accepted);
        }
        return accepted;
    }

    /** The last sequence number handed out. */
    public long lastSeq() {
        synchronized (sequenceLock) {
            return lastSeq;
        }
    }

    public String source() {
        return source;
    }

    private void publishLegacy(MonitoringEvent e) {
        try {
            legacy.publish(e);
        } catch (RuntimeException ex) {
            // The event is already on the durable leg; one broadcast failure must not fail the others.
            log.error("legacy broadcast of event {} (seq {}) failed", e.eventId(), e.seq(), ex);
        }
    }
}
