package dev.tandem.adapter.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.legacyws.LegacyObserver;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.realtimebridge.tap.TapTransaction;
import dev.tandem.validation.Side;
import dev.tandem.validation.ValidationSummary;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two observers and the validator they feed: a real legacy protocol client on the broadcaster's
 * socket, and the replication tap on the {@code supabase_realtime} publication.
 */
final class ValidationRig implements AutoCloseable {
    /** The client id the built-in legacy observer connects with, so it is recognisable in session stats. */
    static final String OBSERVER_CLIENT_ID = "tandem-validator";
    static final String EVENTS_TABLE = "monitoring_events";
    private static final Logger log = LoggerFactory.getLogger(ValidationRig.class);

    private final Validator validator = new Validator(ValidatorConfig.builder().build());
    private final CanonicalMapping mapping;
    private final ReplicationTap tap;
    private final LegacyObserver observer;

    ValidationRig(TapConfig tapConfig, URI legacyUri, CanonicalMapping mapping) {
        this.mapping = mapping;
        this.tap = new ReplicationTap(tapConfig, this::onTransaction);
        this.observer = new LegacyObserver(legacyUri, (event, receivedAtMicros) ->
                validator.observe(Side.LEGACY, mapping.fromLegacyMessage(event, receivedAtMicros)));
    }

    /** Starts the tap first: its slot fixes the point from which every committed row is delivered. */
    void start(Duration connectTimeout) {
        tap.start();
        observer.connect(connectTimeout);
        log.info("validation on: legacy observer connected, replication tap streaming");
    }

    private void onTransaction(TapTransaction tx) {
        long now = nowMicros();
        for (TapChange change : tx.changes()) {
            if (change.op() == TapChange.Op.INSERT && EVENTS_TABLE.equals(change.table())) {
                validator.observe(Side.REALTIME, mapping.fromRow(change.columns(), now));
            }
        }
    }

    ReplicationTap tap() {
        return tap;
    }

    ValidationSummary summary() {
        return validator.summary();
    }

    static ObjectNode toJson(ObjectMapper mapper, ValidationSummary s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("enabled", true);
        o.put("legacy_seen", s.legacySeen());
        o.put("realtime_seen", s.realtimeSeen());
        o.put("matched", s.matched());
        o.put("mismatched", s.mismatched());
        o.put("missing_on_legacy", s.missingOnLegacy());
        o.put("missing_on_realtime", s.missingOnRealtime());
        o.put("pending_legacy_only", s.pendingLegacyOnly());
        o.put("pending_realtime_only", s.pendingRealtimeOnly());
        o.put("duplicates_legacy", s.duplicatesLegacy());
        o.put("duplicates_realtime", s.duplicatesRealtime());
        o.put("late", s.late());
        ArrayNode samples = o.putArray("mismatch_samples");
        for (ValidationSummary.Mismatch m : s.mismatchSamples()) {
            ObjectNode sample = samples.addObject().put("event_id", m.eventId());
            ArrayNode diffs = sample.putArray("differences");
            for (ValidationSummary.FieldDifference d : m.differences()) {
                diffs.addObject().put("field", d.field()).put("legacy", d.legacy()).put("realtime", d.realtime());
            }
        }
        return o;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public void close() {
        observer.close();
        tap.stop();
    }
}
