package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-client token bucket: a burst past it is refused with rate_limited; a refill lets messages in again. */
class RateLimitTest {

    @Test
    void aBurstPastTheBucketIsRateLimitedUntilItRefills() throws Exception {
        MutableClock clock = new MutableClock();
        try (LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder().clock(clock)
                .clientLimits(ClientLimits.builder().rateLimitBurst(3).rateLimitPerSecond(1).build()))) {
            RecordingClient client = RecordingClient.open(server, "/ws");
            client.next("initial_stats");
            for (int i = 1; i <= 5; i++) {
                client.send("{\"type\":\"ping\",\"ts\":" + i + ",\"ref\":" + i + "}");
            }
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, client.next("pong").get("ts").asInt());
            }
            for (int i = 4; i <= 5; i++) {
                JsonNode error = client.next("error");
                assertEquals("rate_limited", error.get("code").asText());
                assertEquals(i, error.get("ref").asInt(), "the refused message was not processed, only answered");
            }
            clock.advance(Duration.ofSeconds(2)); // two tokens back
            client.send("{\"type\":\"ping\",\"ts\":6}");
            client.send("{\"type\":\"ping\",\"ts\":7}");
            client.send("{\"type\":\"ping\",\"ts\":8}");
            assertEquals(6, client.next("pong").get("ts").asInt());
            assertEquals(7, client.next("pong").get("ts").asInt());
            assertEquals("rate_limited", client.next("error").get("code").asText());
            client.close();
        }
    }
}
