package dev.tandem.benchmarks.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.validation.ObservedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Events as the two observers would hand them to the validator, built ahead of the measured loop: canonical
 * field names, fourteen fields, a metadata object with a string, an integer, a float and an array. Each side
 * gets its own instances (its own strings, its own parsed metadata: the legacy side's as a WebSocket client
 * parses JSON, floats as doubles; the realtime side's from jsonb text in jsonb's key order, floats as
 * decimals, as the replication tap's mapping reads them), so comparing does the real work: no shared
 * references to short-cut equality.
 */
final class CanonicalPayloads {
    private static final int TEMPLATES = 1_024;
    private static final ObjectMapper LEGACY_JSON = JsonMapper.builder().build();
    private static final ObjectMapper REALTIME_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String[] CONNECTION_TYPES = {"redis", "http", "postgres", "ws", "grpc"};
    private static final String[] REGIONS = {"eu-west-1", "us-east-2", "ap-south-1"};

    private record Template(String type, String connectionType, String direction, String scriptName,
                            String functionName, long dataSizeBytes, double responseTimeMs, String error,
                            String legacyMetadata, String realtimeMetadata) {
    }

    private final Template[] templates = new Template[TEMPLATES];
    private final long epochMicros;
    private final long gapMicros;

    /** @param rate events per second of simulated time; event {@code i} is ingested at {@code i / rate} s */
    CanonicalPayloads(long seed, long epochMicros, int rate) {
        this.epochMicros = epochMicros;
        this.gapMicros = 1_000_000L / rate;
        Random r = new Random(seed);
        for (int i = 0; i < TEMPLATES; i++) {
            String region = REGIONS[r.nextInt(REGIONS.length)];
            int attempt = 1 + r.nextInt(3);
            String cpu = Integer.toString(r.nextInt(100)) + "." + (10 + r.nextInt(90));
            String tag = "t" + r.nextInt(50);
            String legacy = "{\"region\":\"%s\",\"attempt\":%d,\"cpu\":%s,\"tags\":[\"%s\",\"batch\"]}"
                    .formatted(region, attempt, cpu, tag);
            String realtime = "{\"cpu\": %s, \"tags\": [\"%s\", \"batch\"], \"region\": \"%s\", \"attempt\": %d}"
                    .formatted(cpu, tag, region, attempt);
            templates[i] = new Template(r.nextInt(10) == 0 ? "call" : "event",
                    CONNECTION_TYPES[r.nextInt(CONNECTION_TYPES.length)], r.nextBoolean() ? "inbound" : "outbound",
                    "worker_" + r.nextInt(20) + ".py", "handle_" + r.nextInt(40), r.nextInt(1 << 20),
                    r.nextInt(5_000) / 10.0, r.nextInt(20) == 0 ? "timeout after 30 s" : null, legacy, realtime);
        }
    }

    long ingestedMicros(long index) {
        return epochMicros + index * gapMicros;
    }

    long gapMicros() {
        return gapMicros;
    }

    ObservedEvent realtime(long index, long observedAtMicros) {
        return event(fields(index, false), observedAtMicros);
    }

    /** The canonical event from these fields, as an observer's mapping ends: {@code new ObservedEvent}. */
    static ObservedEvent event(Map<String, Object> fields, long observedAtMicros) {
        return new ObservedEvent((String) fields.get("event_id"), fields, observedAtMicros);
    }

    /** Event {@code index}'s canonical fields as one side's mapping produces them, before the event is built. */
    Map<String, Object> fields(long index, boolean legacy) {
        Template t = templates[(int) (index % TEMPLATES)];
        long ingested = ingestedMicros(index);
        String id = new UUID(0x0192_f3c4_5e6f_7000L | (index >>> 48), 0x8000_0000_0000_0000L | index).toString();
        Map<String, Object> f = new HashMap<>(32);
        f.put("event_id", id);
        f.put("seq", index + 1);
        f.put("source", copy("tandem-bench"));
        f.put("type", copy(t.type));
        f.put("connection_type", copy(t.connectionType));
        f.put("direction", copy(t.direction));
        f.put("script_name", copy(t.scriptName));
        f.put("function_name", copy(t.functionName));
        f.put("data_size_bytes", t.dataSizeBytes);
        f.put("response_time_ms", t.responseTimeMs);
        f.put("error", t.error == null ? null : copy(t.error));
        f.put("metadata", parse(legacy ? LEGACY_JSON : REALTIME_JSON, legacy ? t.legacyMetadata : t.realtimeMetadata));
        f.put("occurred_at", instant(ingested - 1_500));
        f.put("ingested_at", instant(ingested));
        return f;
    }

    /** A string of its own, as each side's parser makes one. */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }

    private static JsonNode parse(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
