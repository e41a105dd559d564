package dev.tandem.legacyws.server;

import dev.tandem.legacyws.message.ClientRequest;
import dev.tandem.legacyws.message.ErrorCode;
import dev.tandem.legacyws.message.Replies;

/**
 * Answers client messages. Runs on Java-WebSocket's decoder threads; one connection's messages are always
 * handled by the same thread, in order. Bad input gets an {@code error} answer and the connection stays open.
 */
final class RequestHandler {
    /** The request types of this slice; the later protocol adds export, subscribe, resume and ingest. */
    static final String GET_STATS = "get_stats";
    static final String PING = "ping";
    /** Echoing an unknown type back is helpful; echoing a megabyte of it is not. */
    private static final int MAX_ECHOED_TYPE_LENGTH = 64;

    private final LegacyHub hub;

    RequestHandler(LegacyHub hub) {
        this.hub = hub;
    }

    void handle(ClientSession session, String text) {
        session.countMessageIn();
        ClientRequest request;
        try {
            request = ClientRequest.parse(text);
        } catch (ClientRequest.Rejected rejected) {
            hub.reply(session, Replies.error(rejected.code(), rejected.getMessage(), rejected.ref()));
            return;
        }
        String answer = switch (request.type()) {
            case GET_STATS -> hub.statsMessage(session, request.ref());
            case PING -> Replies.pong(request.body().get("ts"), request.ref());
            default -> Replies.error(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + shorten(request.type())
                    + "'; this server understands: " + GET_STATS + ", " + PING, request.ref());
        };
        hub.reply(session, answer);
    }

    private static String shorten(String type) {
        return type.length() <= MAX_ECHOED_TYPE_LENGTH ? type : type.substring(0, MAX_ECHOED_TYPE_LENGTH) + "...";
    }
}
