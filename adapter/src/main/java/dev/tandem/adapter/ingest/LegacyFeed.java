package dev.tandem.adapter.ingest;

import dev.tandem.adapter.event.MonitoringEvent;

/**
 * The one narrow way into the legacy broadcaster: events in, in sequence order. Today the ingest path
 * feeds it directly; later a shared stream can feed every instance's broadcaster through the same door.
 */
@FunctionalInterface
public interface LegacyFeed {
    /** Called in seq order, one call at a time. Must not block on slow clients and must not throw. */
    void publish(MonitoringEvent event);
}
