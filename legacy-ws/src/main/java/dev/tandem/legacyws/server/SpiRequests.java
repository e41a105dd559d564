package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.ExportFormats;
import dev.tandem.legacyws.ExportRequest;
import dev.tandem.legacyws.IngestAck;
import dev.tandem.legacyws.LegacyRequestException;
import dev.tandem.legacyws.Role;
import dev.tandem.legacyws.message.ClientRequest;
import dev.tandem.legacyws.message.ErrorCode;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.message.Replies;
import dev.tandem.legacyws.message.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code export} and {@code ingest}: validated here, run through the SPIs off the WebSocket threads. */
final class SpiRequests {
    private static final Logger log = LoggerFactory.getLogger(SpiRequests.class);

    private final LegacyHub hub;

    SpiRequests(LegacyHub hub) {
        this.hub = hub;
    }

    void ingest(ClientSession session, ClientRequest request) {
        JsonNode ref = request.ref();
        if (!session.hasRole(Role.PRODUCER)) {
            hub.counters.unauthorized.increment();
            hub.reply(session, Replies.error(ErrorCode.UNAUTHORIZED, "ingest needs a token with the producer role", ref));
            return;
        }
        if (!(request.body().get("event") instanceof ObjectNode event)) {
            throw new RequestHandler.BadField("field 'event' must be a JSON object");
        }
        String clientId = session.clientId();
        boolean started = hub.async.submit(() -> hub.producerIngest.ingest(event, clientId), (IngestAck ack, Throwable failure) -> {
            if (failure != null) {
                hub.counters.ingestsRefused.increment();
                hub.reply(session, error(failure, "ingest", ref));
                return;
            }
            hub.counters.ingestsAccepted.increment();
            ObjectNode m = Json.object();
            m.put("type", "ack");
            Replies.withRef(m, ref);
            m.put("event_id", ack.eventId());
            m.put("seq", ack.seq());
            hub.reply(session, Json.write(m));
        });
        if (!started) {
            refuseBusy(session, ref);
        }
    }

    void export(ClientSession session, ClientRequest request) {
        JsonNode ref = request.ref();
        JsonNode formatNode = request.body().get("format");
        String format = formatNode == null || formatNode.isNull() ? ExportFormats.JSON : formatNode.asText();
        if (!ExportFormats.JSON.equals(format) && !ExportFormats.CSV.equals(format)) {
            throw new RequestHandler.BadField("field 'format' must be \"json\" or \"csv\"");
        }
        Instant since = instant(request.body().get("since"), "since");
        Instant until = instant(request.body().get("until"), "until");
        if (since != null && until != null && since.isAfter(until)) {
            throw new RequestHandler.BadField("field 'since' must not be after 'until'");
        }
        int maxRows = hub.config.clientLimits().exportMaxRows();
        ExportRequest exportRequest = new ExportRequest(format, since, until, maxRows);
        String clientId = session.clientId();
        boolean started = hub.async.submit(() -> hub.exportSource.export(exportRequest), (result, failure) -> {
            if (failure == null && result.eventCount() > maxRows) {
                failure = new LegacyRequestException("too_large", "export holds " + result.eventCount()
                        + " events; the limit is " + maxRows + " (exportMaxRows): narrow since/until");
            }
            if (failure != null) {
                hub.reply(session, error(failure, "export", ref));
                return;
            }
            hub.counters.exports.increment();
            ObjectNode m = Json.object();
            m.put("type", "export_complete");
            m.put("export_id", UUID.randomUUID().toString());
            m.put("format", format);
            m.put("event_count", result.eventCount());
            m.put("from", result.from() == null ? null : result.from().toString());
            m.put("to", result.to() == null ? null : result.to().toString());
            m.put("data", result.data());
            m.put("timestamp", Timestamps.seconds(hub.clock.instant()));
            // Critical: if the dashboard left while the export ran, it waits for its client_id.
            hub.sendCritical(session, clientId, Json.write(Replies.withRef(m, ref)));
        });
        if (!started) {
            refuseBusy(session, ref);
        }
    }

    private void refuseBusy(ClientSession session, JsonNode ref) {
        hub.counters.inFlightRefused.increment();
        hub.reply(session, Replies.error(ErrorCode.RATE_LIMITED, "too many ingest/export requests in flight (limit "
                + hub.config.clientLimits().maxInFlightRequests() + ", maxInFlightRequests); try again", ref));
    }

    /** The error answer for an SPI failure: its own code, or rate_limited ("not done, try again") for anything else. */
    private static String error(Throwable failure, String what, JsonNode ref) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof LegacyRequestException e) {
            return Replies.error(ErrorCode.fromWire(e.code()), e.getMessage(), ref);
        }
        if (cause instanceof TimeoutException) {
            return Replies.error(ErrorCode.RATE_LIMITED, what + " timed out after " + AsyncRequests.CALL_TIMEOUT, ref);
        }
        log.warn("legacy-ws: {} failed unexpectedly", what, cause);
        return Replies.error(ErrorCode.RATE_LIMITED, what + " failed on the server; try again", ref);
    }

    /** An ISO-8601 instant string or epoch milliseconds; absent or null means unbounded. */
    private static Instant instant(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw new RequestHandler.BadField("field '" + field + "' must be an ISO-8601 instant or epoch milliseconds");
    }
}
