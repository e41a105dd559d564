package dev.tandem.realtimebridge.supabase;

import static dev.tandem.realtimebridge.supabase.RealtimeClientTest.JOIN_OK;
import static dev.tandem.realtimebridge.supabase.RealtimeClientTest.SUBSCRIBED;
import static dev.tandem.realtimebridge.supabase.RealtimeClientTest.TOPIC;
import static dev.tandem.realtimebridge.supabase.RealtimeClientTest.config;
import static dev.tandem.realtimebridge.supabase.RealtimeClientTest.joinAndSubscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.tandem.realtimebridge.supabase.FakeRealtime.Conn;
import dev.tandem.realtimebridge.supabase.FakeRealtime.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dead sockets, rate-limit closes, token expiry and refused joins, with short intervals so they run fast. */
class RealtimeRecoveryTest extends ClientTestBase {
    static final Duration STEP = Duration.ofMillis(300);


    @Test
    void unansweredHeartbeatReconnectsAndRejoinsWithTheSamePayload() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        fake.answerHeartbeats = false;
        client = new RealtimeClient(config(server, ProtocolVersion.V2).heartbeatInterval(Duration.ofMillis(100))
                .backoff(List.of(Duration.ofMillis(20))).build(), events);
        client.start();
        Frame first = joinAndSubscribe(client, fake.nextConnection());

        RealtimeEvent.Disconnected lost = events.next(RealtimeEvent.Disconnected.class);
        assertTrue(lost.reason().startsWith("heartbeat timeout"), lost.reason());
        assertEquals(Duration.ofMillis(20), lost.retryIn());
        fake.answerHeartbeats = true;
        Conn second = fake.nextConnection();
        Frame rejoin = second.next("phx_join");
        assertEquals(first.topic(), rejoin.topic());
        assertEquals(first.payload(), rejoin.payload(), "same join payload, same token");
        second.reply(rejoin, JOIN_OK);
        second.push(TOPIC, "system", SUBSCRIBED);
        assertTrue(client.awaitReady(Duration.ofSeconds(5)));
        RealtimeStats s = client.stats();
        assertEquals(1, s.heartbeatTimeouts());
        assertEquals(1, s.reconnects());
        assertEquals(1, s.rejoins());
    }

    @Test
    void rateLimitCloseIsReportedAndTheRejoinWaitsForTheBackoff() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V1);
        client = new RealtimeClient(config(server, ProtocolVersion.V1).backoff(List.of(STEP, STEP.multipliedBy(2))).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        Frame join = joinAndSubscribe(client, conn);

        conn.push(TOPIC, "system", "{\"message\":\"Too many messages per second\",\"status\":\"error\","
                + "\"extension\":\"system\",\"channel\":\"tandem-validator\"}");
        long closedAt = System.nanoTime();
        conn.push(TOPIC, "phx_close", "{}");
        RealtimeEvent.SystemError error = events.next(RealtimeEvent.SystemError.class);
        assertEquals("Too many messages per second", error.message());
        assertEquals("error", error.status());
        RealtimeEvent.ChannelClosed closed = events.next(RealtimeEvent.ChannelClosed.class);
        assertEquals("Too many messages per second", closed.reason());
        assertEquals(STEP, closed.rejoinIn());
        assertEquals(0, client.stats().readyChannels());

        Frame rejoin = conn.next("phx_join");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        assertTrue(waitedMillis >= STEP.toMillis(), "rejoined after " + waitedMillis + " ms, before the backoff");
        assertEquals(join.payload(), rejoin.payload());
        conn.reply(rejoin, JOIN_OK);
        conn.push(TOPIC, "system", SUBSCRIBED);
        assertTrue(client.awaitReady(Duration.ofSeconds(5)));
        assertEquals(0, client.stats().reconnects(), "the socket stayed; only the channel was closed");
    }

    @Test
    void expiredTokenIsReplacedFromTheSupplierAndTheChannelRejoinsWithIt() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        AtomicInteger issued = new AtomicInteger();
        client = new RealtimeClient(config(server, ProtocolVersion.V2).backoff(List.of(Duration.ofMillis(20)))
                .tokenSupplier(() -> "user-token-" + issued.incrementAndGet()).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        Frame join = joinAndSubscribe(client, conn);
        assertEquals("user-token-1", join.payload().path("access_token").asText());

        conn.push(TOPIC, "system", "{\"message\":\"Token has expired 0 seconds ago\",\"status\":\"error\","
                + "\"extension\":\"system\",\"channel\":\"tandem-validator\"}");
        conn.push(TOPIC, "phx_close", "{}");
        RealtimeEvent.ChannelClosed closed = events.next(RealtimeEvent.ChannelClosed.class);
        assertTrue(closed.reason().startsWith("Token has expired"), closed.reason());
        events.next(RealtimeEvent.TokenRefreshed.class);
        Frame rejoin = conn.next("phx_join");
        assertEquals("user-token-2", rejoin.payload().path("access_token").asText());
        assertEquals(join.payload().path("config"), rejoin.payload().path("config"));
        assertEquals(1, client.stats().tokenRefreshes());
    }

    @Test
    void joinErrorInvalidJwtExpirationRefreshesThenRejoins() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V1);
        AtomicInteger issued = new AtomicInteger();
        client = new RealtimeClient(config(server, ProtocolVersion.V1).backoff(List.of(Duration.ofMillis(20)))
                .tokenSupplier(() -> "user-token-" + issued.incrementAndGet()).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        Frame join = conn.next("phx_join");
        conn.reply(join, "{\"status\":\"error\",\"response\":{\"reason\":\"InvalidJWTExpiration: Token has expired 5 seconds ago\"}}");
        RealtimeEvent.JoinFailed failed = events.next(RealtimeEvent.JoinFailed.class);
        assertEquals(Recovery.REFRESH_TOKEN, failed.recovery());
        Frame rejoin = conn.next("phx_join");
        assertEquals("user-token-2", rejoin.payload().path("access_token").asText());
    }

    @Test
    void tokenIsRefreshedBeforeItExpiresAndPushedToTheJoinedChannel() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        AtomicInteger issued = new AtomicInteger();
        // Two-second tokens: with the default 60 s margin the client renews at half their remaining life.
        client = new RealtimeClient(config(server, ProtocolVersion.V2).tokenSupplier(() -> jwt(issued.incrementAndGet(),
                Instant.now().plusSeconds(2))).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        Frame join = joinAndSubscribe(client, conn);
        Frame push = conn.next("access_token");
        assertEquals(TOPIC, push.topic());
        assertEquals(join.ref(), push.joinRef());
        assertEquals("2", subject(push.payload().path("access_token").asText()));
        assertTrue(client.stats().tokenRefreshes() >= 1);
    }

    @Test
    void unauthorizedJoinStopsWithAClearErrorAndNoRetry() throws Exception {
        FakeRealtime fake = new FakeRealtime(server, ProtocolVersion.V2);
        client = new RealtimeClient(config(server, ProtocolVersion.V2).backoff(List.of(Duration.ofMillis(10))).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        String reason = "Unauthorized: You do not have permissions to read from this Channel topic: tandem-validator";
        conn.reply(conn.next("phx_join"), "{\"status\":\"error\",\"response\":{\"reason\":\"" + reason + "\"}}");
        RealtimeEvent.JoinFailed failed = events.next(RealtimeEvent.JoinFailed.class);
        assertEquals(Recovery.STOP, failed.recovery());
        assertNull(failed.retryIn());
        assertEquals(reason, failed.reason());
        RealtimeException e = assertThrows(RealtimeException.class, () -> client.awaitReady(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(client.stats().lastError().contains("Unauthorized"), client.stats().lastError());
        // A retry would come after 10 ms; none comes in 30 times that.
        assertNull(conn.frames.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, client.stats().rejoins());
    }

    static String jwt(int n, Instant exp) {
        return new PlainJWT(new JWTClaimsSet.Builder().subject(Integer.toString(n)).claim("role", "authenticated")
                .expirationTime(Date.from(exp)).build()).serialize();
    }

    static String subject(String token) throws Exception {
        return PlainJWT.parse(token).getJWTClaimsSet().getSubject();
    }
}
