package dev.tandem.realtimebridge.supabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RealtimeClientConfigTest {
    static final ChannelSpec CHANNEL = ChannelSpec.postgresChanges("c",
            new ChannelSpec.PostgresChange("INSERT", "public", "monitoring_events", null));

    static RealtimeClientConfig.Builder valid() {
        return RealtimeClientConfig.builder().url("https://abc.supabase.co").apiKey("key").channels(CHANNEL);
    }

    static String rejected(UnaryOperator<RealtimeClientConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build()).getMessage();
    }

    @Test
    void defaultsAreRealtimeJs() {
        RealtimeClientConfig c = valid().build();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                c.backoff());
        assertEquals(Duration.ofSeconds(10), c.backoff(7), "the last step repeats");
        assertEquals(Duration.ofSeconds(25), c.heartbeatInterval());
        assertEquals(ProtocolVersion.V2, c.protocol());
        assertEquals(Duration.ofSeconds(10), c.joinTimeout());
        assertEquals(10_000, c.inboundQueueCapacity());
        assertEquals(RealtimeClientConfig.QueueFullPolicy.BLOCK, c.queueFullPolicy());
        assertEquals("key", c.tokenSupplier().get(), "the token defaults to the API key");
    }

    @Test
    void urlsBecomeTheSocketEndpoint() {
        assertEquals("https://abc.supabase.co/realtime/v1/websocket?apikey=key&vsn=2.0.0", valid().build().socketUrl().toString());
        assertEquals("https://abc.supabase.co/realtime/v1/websocket?apikey=key&vsn=1.0.0",
                valid().url("wss://abc.supabase.co/").protocol(ProtocolVersion.V1).build().socketUrl().toString());
        assertEquals("http://127.0.0.1:4000/socket/websocket?apikey=key&vsn=2.0.0",
                valid().url("ws://127.0.0.1:4000/socket/websocket").build().socketUrl().toString());
        assertFalse(valid().build().toString().contains("key&"), "the key is not in toString");
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertTrue(rejected(b -> b.url("ftp://x")).startsWith("url must be"));
        assertTrue(rejected(b -> b.url("https://x.supabase.co?apikey=1")).startsWith("url must be"));
        assertTrue(rejected(b -> b.url(null)).startsWith("url must be"));
        assertTrue(rejected(b -> b.apiKey(" ")).startsWith("apiKey must be set"));
        assertTrue(rejected(b -> b.channels()).startsWith("channels must hold 1 to 100"));
        assertTrue(rejected(b -> b.channels(CHANNEL, CHANNEL)).startsWith("channels must have distinct names"));
        assertEquals("heartbeatInterval must be between PT0.01S and PT55S, got: PT1M",
                rejected(b -> b.heartbeatInterval(Duration.ofMinutes(1))));
        assertTrue(rejected(b -> b.backoff(List.of())).startsWith("backoff must hold 1 to 20 delays"));
        assertTrue(rejected(b -> b.backoff(List.of(Duration.ZERO))).startsWith("backoff step must be between"));
        assertTrue(rejected(b -> b.joinTimeout(Duration.ZERO)).startsWith("joinTimeout must be between"));
        assertTrue(rejected(b -> b.tokenRefreshMargin(Duration.ofHours(2))).startsWith("tokenRefreshMargin must be between"));
        assertEquals("inboundQueueCapacity must be between 1 and 1000000, got: 0", rejected(b -> b.inboundQueueCapacity(0)));
        assertThrows(NullPointerException.class, () -> valid().queueFullPolicy(null).build());
    }

    @Test
    void channelSpecsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.broadcast("", false));
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.broadcast("has space", false));
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.postgresChanges("c"));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> new ChannelSpec.PostgresChange("UPSERT", "public", "t", null)).getMessage();
        assertTrue(msg.startsWith("postgres_changes event must be one of"), msg);
        assertEquals(ProtocolVersion.V1, ProtocolVersion.fromVsn("1.0.0"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolVersion.fromVsn("3.0.0"));
    }
}
