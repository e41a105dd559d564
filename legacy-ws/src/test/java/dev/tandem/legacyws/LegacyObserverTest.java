package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The observer survives a failing listener and reports connection failures clearly. */
class LegacyObserverTest {

    @Test
    void aTokenInTheUriNeverReachesMessagesOrLogs() {
        assertEquals("ws://h:8080/ws?client_id=v&token=***&x=1",
                LegacyObserver.redacted(java.net.URI.create("ws://h:8080/ws?client_id=v&token=s3cr3t-t0ken-value&x=1")));
        assertEquals("ws://h:8080/ws?token=***", LegacyObserver.redacted(java.net.URI.create("ws://h:8080/ws?token=abc")));
        assertEquals("ws://h:8080/ws", LegacyObserver.redacted(java.net.URI.create("ws://h:8080/ws")));
    }

    @Test
    void throwingListenerIsCountedAndLaterEventsStillArrive() throws Exception {
        LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder());
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>(100);
        BlockingQueue<JsonNode> initial = new LinkedBlockingQueue<>(1);
        LegacyObserver observer = new LegacyObserver(RecordingClient.uri(server, "/ws?client_id=validator"),
                new LegacyObserver.Listener() {
                    @Override
                    public void onEvent(JsonNode event, long receivedAtEpochMicros) {
                        long seq = event.get("seq").asLong();
                        seen.add(seq);
                        // Odd ones fail, so the last (6) is handled after every failure was counted.
                        if (seq % 2 == 1) {
                            throw new IllegalStateException("listener bug on seq " + seq);
                        }
                    }

                    @Override
                    public void onInitialStats(JsonNode message) {
                        initial.add(message);
                    }
                });
        try {
            observer.connect(RecordingClient.TIMEOUT);
            assertEquals("validator", initial.poll().get("client_id").asText(), "connect returned after initial_stats");
            for (long seq = 1; seq <= 6; seq++) {
                server.publish(TestEvents.full(seq));
            }
            for (long seq = 1; seq <= 6; seq++) {
                assertEquals(seq, seen.poll(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertEquals(6, observer.eventsReceived());
            assertEquals(3, observer.listenerFailures());
        } finally {
            observer.close();
            server.stop(RecordingClient.TIMEOUT);
        }
    }

    @Test
    void aResumingObserverGetsWhatTheBufferHoldsAndIsToldOfTheRest() throws Exception {
        LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder().replay(ReplaySettings.builder().replayBufferCapacity(5).build()));
        for (long seq = 1; seq <= 20; seq++) {
            server.publish(TestEvents.full(seq));
        }
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>(100);
        BlockingQueue<long[]> gaps = new LinkedBlockingQueue<>(1);
        LegacyObserver observer = new LegacyObserver(RecordingClient.uri(server, "/ws"), new LegacyObserver.Listener() {
            @Override
            public void onEvent(JsonNode event, long receivedAtEpochMicros) {
                seen.add(event.get("seq").asLong());
            }

            @Override
            public void onGap(long resumedAfter, long firstSeq) {
                gaps.add(new long[] {resumedAfter, firstSeq});
            }
        }, 2);
        try {
            observer.connect(RecordingClient.TIMEOUT);
            long[] gap = gaps.poll(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(2, gap[0]);
            assertEquals(16, gap[1], "a buffer of 5 after 20 events starts at seq 16");
            for (long seq = 16; seq <= 20; seq++) {
                assertEquals(seq, seen.poll(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            server.publish(TestEvents.full(21));
            assertEquals(21, seen.poll(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "then live");
        } finally {
            observer.close();
            server.stop(RecordingClient.TIMEOUT);
        }
    }

    @Test
    void connectTimesOutWhenNoInitialStatsComes() throws Exception {
        // A TCP listener that never answers the upgrade request.
        try (ServerSocket silent = new ServerSocket(0)) {
            LegacyObserver observer = new LegacyObserver(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/ws"),
                    (event, micros) -> { });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> observer.connect(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("no initial_stats from ws://127.0.0.1:"), e.getMessage());
        }
    }
}
