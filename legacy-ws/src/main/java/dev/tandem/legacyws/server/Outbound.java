package dev.tandem.legacyws.server;

import dev.tandem.legacyws.message.OutboundText;

/**
 * Hands one message to one client under the slow-client limit, and counts the outcome: sent, or dropped with
 * the client let go. Every message to a client goes through here, broadcasts and answers alike.
 */
final class Outbound {
    private final OutboundLimit limit;
    private final Counters counters;
    private final SlowClients slowClients;

    Outbound(OutboundLimit limit, Counters counters, SlowClients slowClients) {
        this.limit = limit;
        this.counters = counters;
        this.slowClients = slowClients;
    }

    ClientSession.Delivery deliver(ClientSession session, OutboundText message) {
        ClientSession.Delivery delivery = session.offer(message, limit);
        switch (delivery) {
            case SENT -> {
                counters.messagesSent.increment();
                counters.bytesSent.add(message.payloadLength());
            }
            case OVER_LIMIT -> {
                counters.messagesDropped.increment();
                slowClients.evict(session);
            }
            case NOT_OPEN -> {
                // Closing: the replay buffer (events) or the mailbox (critical messages) covers what it missed.
            }
        }
        return delivery;
    }
}
