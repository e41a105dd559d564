package dev.tandem.realtimebridge.supabase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.realtimebridge.supabase.FakeRealtime.Conn;
import dev.tandem.realtimebridge.supabase.FakeRealtime.Frame;
import dev.tandem.realtimebridge.tap.TapChange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Broadcast mode: a private channel, ready at its join reply, and v2 binary user-broadcast frames. */
class RealtimeBroadcastTest extends ClientTestBase {
    static final String TOPIC = "realtime:monitoring:events";
    static final String MESSAGE_ID = "5f0c2a34-8a7e-4bd8-9a56-1f0a3c2b9e11";
    /** What Tandem's trigger sends through realtime.send (R__realtime_access.sql): broadcast_changes' shape. */
    static final String ROW = "{\"schema\":\"public\",\"table\":\"monitoring_events\",\"operation\":\"INSERT\","
            + "\"record\":{\"event_id\":\"0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d\",\"seq\":7,\"metadata\":{\"k\":true},"
            + "\"ingested_at\":\"2026-11-22T10:00:00.123456+00:00\"},\"old_record\":null}";


    /** Kind 4, server to client: [4, topicLen, eventLen, metaLen, encoding, topic, event, meta, payload]. */
    static byte[] userBroadcast(String topic, String event, String meta, int encoding, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] e = event.getBytes(StandardCharsets.UTF_8);
        byte[] m = meta.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(4);
        out.write(t.length);
        out.write(e.length);
        out.write(m.length);
        out.write(encoding);
        out.writeBytes(t);
        out.writeBytes(e);
        out.writeBytes(m);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void binaryUserBroadcastFramesDecodeToRowsAndRawPayloads() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        client = new RealtimeClient(RealtimeClientConfig.builder().url(server.url("/").toString()).apiKey("k")
                .protocol(ProtocolVersion.V2).channels(ChannelSpec.broadcast("monitoring:events", true)).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        Frame join = conn.next("phx_join");
        assertTrue(join.payload().path("config").path("private").asBoolean());
        assertEquals(0, join.payload().path("config").path("postgres_changes").size());
        conn.reply(join, "{\"status\":\"ok\",\"response\":{}}");
        assertTrue(client.awaitReady(Duration.ofSeconds(5)), "a broadcast channel is ready at its join reply");

        conn.sendBinary(userBroadcast(TOPIC, "INSERT", "{\"id\":\"" + MESSAGE_ID + "\"}", 1,
                ROW.getBytes(StandardCharsets.UTF_8)));
        RealtimeEvent.BroadcastReceived got = events.next(RealtimeEvent.BroadcastReceived.class);
        assertEquals(TOPIC, got.topic());
        assertEquals("INSERT", got.event());
        assertEquals(MESSAGE_ID, got.messageId());
        TapChange c = got.change();
        assertEquals(TapChange.Op.INSERT, c.op());
        assertEquals("monitoring_events", c.table());
        assertEquals("7", c.columns().get("seq"));
        assertEquals("{\"k\":true}", c.columns().get("metadata"));
        assertEquals("2026-11-22T10:00:00.123456+00:00", c.columns().get("ingested_at"));

        byte[] raw = {0, 1, 2, (byte) 0xff};
        conn.sendBinary(userBroadcast(TOPIC, "blob", "", 0, raw));
        RealtimeEvent.BroadcastReceived blob = events.next(RealtimeEvent.BroadcastReceived.class);
        assertEquals("blob", blob.event());
        assertArrayEquals(raw, blob.payload().binaryValue());
        assertNull(blob.change());
        assertNull(blob.messageId());

        // The same row as a text broadcast frame, as a v1 socket or a JSON broadcast would carry it.
        conn.push(TOPIC, "broadcast", "{\"type\":\"broadcast\",\"event\":\"INSERT\",\"payload\":" + ROW
                + ",\"meta\":{\"id\":\"" + MESSAGE_ID + "\"}}");
        RealtimeEvent.BroadcastReceived text = events.next(RealtimeEvent.BroadcastReceived.class);
        assertEquals(c, text.change());
        assertEquals(3, client.stats().broadcasts());
    }

    @Test
    void truncatedBinaryFrameIsCountedNotFatal() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        client = new RealtimeClient(RealtimeClientConfig.builder().url(server.url("/").toString()).apiKey("k")
                .channels(ChannelSpec.broadcast("monitoring:events", true)).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        conn.reply(conn.next("phx_join"), "{\"status\":\"ok\",\"response\":{}}");
        assertTrue(client.awaitReady(Duration.ofSeconds(5)));
        conn.sendBinary(new byte[] {4, 50, 3, 0, 1, 'x'});
        conn.sendBinary(userBroadcast(TOPIC, "ok", "", 1, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("ok", events.next(RealtimeEvent.BroadcastReceived.class).event());
        assertEquals(1, client.stats().badFrames());
        assertTrue(client.stats().lastError().contains("truncated"), client.stats().lastError());
    }
}
