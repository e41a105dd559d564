package dev.tandem.realtimebridge.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every joined channel of every socket, plus the tenant-wide counters the limits read. Copy-on-write: joins
 * are rare next to the changes and broadcasts that walk the list.
 */
final class Subscribers {
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    final RateWindow events = RateWindow.events();
    final RateWindow joins = RateWindow.perSecond();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder closedSilent = new LongAdder();

    void add(Channel c) {
        channels.add(c);
    }

    void remove(Channel c) {
        c.markClosed();
        channels.remove(c);
    }

    List<Channel> snapshot() {
        return channels;
    }

    int size() {
        return channels.size();
    }
}
