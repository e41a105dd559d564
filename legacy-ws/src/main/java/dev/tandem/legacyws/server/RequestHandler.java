package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.ClientRequest;
import dev.tandem.legacyws.message.ErrorCode;
import dev.tandem.legacyws.message.Replies;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers client messages. Runs on Java-WebSocket's decoder threads; one connection's messages are always
 * handled by the same thread, in order. Bad input gets an {@code error} answer and the connection stays open;
 * a handler that throws is logged and counted, and the connection carries on.
 */
final class RequestHandler {
    static final String GET_STATS = "get_stats";
    static final String PING = "ping";
    static final String EXPORT = "export";
    static final String TEST_EVENT = "test_event";
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String RESUME = "resume";
    static final String INGEST = "ingest";
    static final String KNOWN_TYPES = String.join(", ", GET_STATS, PING, EXPORT, TEST_EVENT, SUBSCRIBE, UNSUBSCRIBE,
            RESUME, INGEST);
    static final String DEFAULT_TEST_MESSAGE = "test event";
    /** Echoing client text back is helpful; echoing a megabyte of it is not. */
    private static final int MAX_ECHOED_LENGTH = 64;
    private static final int MAX_TEST_MESSAGE_LENGTH = 1024;
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final LegacyHub hub;
    private final SpiRequests spi;

    RequestHandler(LegacyHub hub) {
        this.hub = hub;
        this.spi = new SpiRequests(hub);
    }

    void handle(ClientSession session, String text) {
        session.countMessageIn();
        ClientRequest request;
        try {
            request = ClientRequest.parse(text);
        } catch (ClientRequest.Rejected rejected) {
            // Bad input costs a token too, or a flood of junk would never be limited.
            boolean admitted = session.admitInbound();
            if (!admitted) {
                hub.counters.rateLimited.increment();
            }
            hub.reply(session, Replies.error(admitted ? rejected.code() : ErrorCode.RATE_LIMITED,
                    rejected.getMessage(), rejected.ref()));
            return;
        }
        if (!session.admitInbound()) {
            hub.counters.rateLimited.increment();
            hub.reply(session, Replies.error(ErrorCode.RATE_LIMITED, "rate limit: " + hub.config.clientLimits().rateLimitPerSecond()
                    + " messages/s, burst " + hub.config.clientLimits().rateLimitBurst() + "; message not processed", request.ref()));
            return;
        }
        try {
            dispatch(session, request);
        } catch (BadField e) {
            hub.reply(session, Replies.error(ErrorCode.BAD_FIELD, e.getMessage(), request.ref()));
        } catch (RuntimeException e) {
            hub.counters.handlerFailures.increment();
            log.warn("legacy-ws: handling a {} message from {} failed", shorten(request.type()), session.clientId(), e);
        }
    }

    private void dispatch(ClientSession session, ClientRequest request) {
        JsonNode ref = request.ref();
        switch (request.type()) {
            case GET_STATS -> hub.sendCritical(session, session.clientId(), hub.statsMessage(session, ref));
            case PING -> hub.reply(session, Replies.pong(request.body().get("ts"), ref));
            case EXPORT -> spi.export(session, request);
            case INGEST -> spi.ingest(session, request);
            case TEST_EVENT -> {
                JsonNode m = request.body().get("message");
                String message = m == null || m.isNull() ? DEFAULT_TEST_MESSAGE : m.asText();
                if (message.length() > MAX_TEST_MESSAGE_LENGTH) {
                    throw new BadField("field 'message' must be at most " + MAX_TEST_MESSAGE_LENGTH + " characters");
                }
                hub.broadcastTestEvent(message);
                ack(session, ref);
            }
            case SUBSCRIBE -> {
                session.subscription(checked(session.subscription().subscribe(types(request, true))));
                ack(session, ref);
            }
            case UNSUBSCRIBE -> {
                session.subscription(checked(session.subscription().unsubscribe(types(request, false))));
                ack(session, ref);
            }
            case RESUME -> {
                JsonNode lastSeq = request.body().get("last_seq");
                if (lastSeq == null || !lastSeq.canConvertToLong() || !lastSeq.isIntegralNumber()) {
                    throw new BadField("field 'last_seq' must be an integer");
                }
                hub.resume(session, lastSeq.asLong(), ref);
            }
            default -> hub.reply(session, Replies.error(ErrorCode.UNKNOWN_TYPE, "unknown message type '"
                    + shorten(request.type()) + "'; this server understands: " + KNOWN_TYPES, ref));
        }
    }

    private void ack(ClientSession session, JsonNode ref) {
        if (ref != null) {
            hub.reply(session, Replies.ack(ref));
        }
    }

    /** The {@code connection_types} list: required for subscribe, optional (absent = all) for unsubscribe. */
    private static Set<String> types(ClientRequest request, boolean required) {
        JsonNode list = request.body().get("connection_types");
        if (list == null || list.isNull()) {
            if (required) {
                throw new BadField("field 'connection_types' must be an array of strings");
            }
            return Set.of();
        }
        if (!list.isArray() || list.size() > Subscription.MAX_TYPES) {
            throw new BadField("field 'connection_types' must be an array of at most " + Subscription.MAX_TYPES
                    + " strings");
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : list) {
            if (!t.isTextual()) {
                throw new BadField("field 'connection_types' must contain only strings");
            }
            types.add(t.asText());
        }
        return types;
    }

    private static Subscription checked(Subscription s) {
        if (s.size() > Subscription.MAX_TYPES) {
            throw new BadField("a client may name at most " + Subscription.MAX_TYPES + " connection types");
        }
        return s;
    }

    static String shorten(String text) {
        return text.length() <= MAX_ECHOED_LENGTH ? text : text.substring(0, MAX_ECHOED_LENGTH) + "...";
    }

    /** A field of a known message type is missing or wrong: answered {@code bad_field}. */
    static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
