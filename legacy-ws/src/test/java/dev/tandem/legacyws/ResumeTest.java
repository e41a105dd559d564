package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code resume}: replay of missed events from the buffer, then live, with no gap and no duplicate. */
class ResumeTest {
    private LegacyServer server;

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void clientThatMissed500EventsGetsExactlyThoseInOrderThenLiveOnes() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder());
        RecordingClient first = RecordingClient.open(server, "/ws?client_id=dash");
        first.next("initial_stats");
        server.publish(TestEvents.full(1));
        assertEquals(1, first.next("event").get("seq").asLong());
        first.closeBlocking();
        // The server must have ended the session before the next events, or one may still go out to it.
        Awaits.until(() -> server.connectedClients() == 0, () -> "connected: " + server.connectedClients());

        for (long seq = 2; seq <= 501; seq++) {
            server.publish(TestEvents.full(seq));
        }
        RecordingClient again = RecordingClient.open(server, "/ws?client_id=dash");
        JsonNode initial = again.next("initial_stats");
        // The session tracker and health tracker saw the first session end and this one reconnect.
        assertEquals(1, initial.get("websocket_health").get("reconnections_by_client_id").get("dash").asLong());
        JsonNode ended = initial.get("session_metrics").get("recent_sessions").get(0);
        assertEquals("dash", ended.get("client_id").asText());
        assertEquals(2, ended.get("messages_out").asLong(), "initial_stats and one event went out");
        again.send("{\"type\":\"resume\",\"last_seq\":1,\"ref\":\"r1\"}");
        for (long seq = 2; seq <= 501; seq++) {
            assertEquals(seq, again.next("event").get("seq").asLong());
        }
        assertEquals("r1", again.next("ack").get("ref").asText(), "ack once the replay is done");
        server.publish(TestEvents.full(502));
        assertEquals(502, again.next("event").get("seq").asLong());
        assertFalse(again.hasPending());
        again.close();
    }

    @Test
    void replayAndLiveEventsPublishedMeanwhileNeitherGapNorRepeat() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder());
        for (long seq = 1; seq <= 300; seq++) {
            server.publish(TestEvents.full(seq));
        }
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        Thread publisher = Thread.ofPlatform().start(() -> {
            for (long seq = 301; seq <= 800; seq++) {
                server.publish(TestEvents.full(seq));
            }
        });
        client.send("{\"type\":\"resume\",\"last_seq\":0}");
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < 800) {
            seqs.add(client.next("event").get("seq").asLong());
        }
        publisher.join();
        assertEquals(800, seqs.stream().distinct().count(), "every seq exactly once");
        // Live events that came before the resume was handled are not sent again by the replay; after it,
        // the replay (everything older) and the live ones that follow are each in order.
        int liveBefore = 0;
        while (seqs.get(liveBefore) > 300) {
            liveBefore++;
        }
        List<Long> rest = seqs.subList(liveBefore, seqs.size());
        for (int i = 1; i < rest.size(); i++) {
            assertTrue(rest.get(i) > rest.get(i - 1), "in order after the live head: " + rest.subList(0, i + 1));
        }
        assertFalse(client.hasPending());
        client.close();
    }

    @Test
    void resumingFromBeforeTheBufferIsToldGapWithTheFirstSeqThenGetsWhatIsLeft() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder().replay(ReplaySettings.builder().replayBufferCapacity(10).build()));
        for (long seq = 1; seq <= 25; seq++) {
            server.publish(TestEvents.full(seq));
        }
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        client.send("{\"type\":\"resume\",\"last_seq\":3,\"ref\":7}");
        JsonNode gap = client.next("error");
        assertEquals("gap", gap.get("code").asText());
        assertEquals(16, gap.get("first_seq").asLong());
        assertEquals(7, gap.get("ref").asInt());
        for (long seq = 16; seq <= 25; seq++) {
            assertEquals(seq, client.next("event").get("seq").asLong());
        }
        assertEquals(7, client.next("ack").get("ref").asInt());

        // Resuming again from the same point sends nothing twice on this connection.
        client.send("{\"type\":\"resume\",\"last_seq\":15,\"ref\":8}");
        assertEquals(8, client.next("ack").get("ref").asInt());
        client.send("{\"type\":\"resume\",\"last_seq\":\"x\"}");
        assertEquals("bad_field", client.next("error").get("code").asText());
        client.close();
    }

    @Test
    void eventsOlderThanTheTtlLeaveTheBuffer() throws Exception {
        MutableClock clock = new MutableClock();
        server = TestEvents.startServer(LegacyServerConfig.builder().clock(clock)
                .replay(ReplaySettings.builder().replayBufferTtl(java.time.Duration.ofSeconds(10)).build()));
        server.publish(TestEvents.full(1));
        clock.advance(java.time.Duration.ofSeconds(11));
        server.publish(TestEvents.full(2));
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        client.send("{\"type\":\"resume\",\"last_seq\":0}");
        assertEquals(2, client.next("error").get("first_seq").asLong(), "seq 1 expired");
        assertEquals(2, client.next("event").get("seq").asLong());
        client.close();
    }
}
