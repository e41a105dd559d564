package dev.tandem.realtimebridge.local;

import java.util.List;

/**
 * A joined {@code realtime:<name>} channel of one socket: its bindings, its broadcast options, and the role
 * its rows are checked against (the join's access token, replaced by each {@code access_token} push).
 */
final class Channel {
    final ClientSocket socket;
    final String topic;
    final String joinRef;
    final List<Binding> bindings;
    final boolean broadcastSelf;
    final boolean broadcastAck;
    private volatile String role;
    private volatile boolean closed;

    Channel(ClientSocket socket, String topic, String joinRef, List<Binding> bindings, boolean broadcastSelf,
            boolean broadcastAck, String role) {
        this.socket = socket;
        this.topic = topic;
        this.joinRef = joinRef;
        this.bindings = List.copyOf(bindings);
        this.broadcastSelf = broadcastSelf;
        this.broadcastAck = broadcastAck;
        this.role = role;
    }

    String role() {
        return role;
    }

    void role(String role) {
        this.role = role;
    }

    /** The sub-topic, as system messages name the channel. */
    String name() {
        return topic.substring(LocalProtocol.TOPIC_PREFIX.length());
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
