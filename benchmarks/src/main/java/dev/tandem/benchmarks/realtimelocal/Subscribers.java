package dev.tandem.benchmarks.realtimelocal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * N subscribers on one java.net.http client (one selector thread for all sockets, so 1,000 of them cost no
 * thousand threads), each joined to INSERTs of monitoring_events. A message is not parsed: a subscriber counts
 * postgres_changes frames and, when asked, records receive time minus the frame's commit_timestamp.
 */
final class Subscribers implements AutoCloseable {
    private static final String COMMIT = "\"commit_timestamp\":\"";
    private static final String CHANGE_PREFIX = "{\"topic\":\"realtime:bench\",\"event\":\"postgres_changes\"";
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    final AtomicLong received = new AtomicLong();
    final Recorder latencyMicros = new Recorder(3);
    final AtomicLong failures = new AtomicLong();
    volatile String lastFailure;
    volatile boolean recording;
    private final List<WebSocket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    static Subscribers connect(String wsUrl, String key, int count) throws Exception {
        Subscribers s = new Subscribers();
        CountDownLatch joined = new CountDownLatch(count);
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(s.http.newWebSocketBuilder().connectTimeout(JOIN_TIMEOUT)
                    .buildAsync(URI.create(wsUrl + "?apikey=" + key + "&vsn=1.0.0"), s.new Listener(joined)));
            if (pending.size() == 100) { // a burst of 1,000 handshakes at once would only queue in the accept backlog
                for (CompletableFuture<WebSocket> f : pending) {
                    s.sockets.add(f.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                }
                pending.clear();
            }
        }
        for (CompletableFuture<WebSocket> f : pending) {
            s.sockets.add(f.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        String join = "{\"topic\":\"realtime:bench\",\"event\":\"phx_join\",\"payload\":{\"config\":{\"postgres_changes\":"
                + "[{\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"monitoring_events\"}]}},\"ref\":\"1\",\"join_ref\":\"1\"}";
        for (WebSocket ws : s.sockets) {
            ws.sendText(join, true);
        }
        if (!joined.await(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            s.close();
            throw new IllegalStateException(joined.getCount() + " of " + count + " subscribers not subscribed within "
                    + JOIN_TIMEOUT);
        }
        return s;
    }

    /** Sends a heartbeat on every socket, so a long run does not reach the endpoint's silence timeout. */
    void heartbeat() {
        for (WebSocket ws : sockets) {
            ws.sendText("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"h\"}", true);
        }
    }

    @Override
    public void close() {
        for (WebSocket ws : sockets) {
            ws.abort();
        }
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final CountDownLatch joined;
        private final StringBuilder partial = new StringBuilder();

        Listener(CountDownLatch joined) {
            this.joined = joined;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last || !partial.isEmpty()) {
                partial.append(data);
            }
            if (last) {
                try {
                    handle(partial.isEmpty() ? data : partial);
                } catch (RuntimeException e) {
                    failures.incrementAndGet(); // counted, never thrown: a throw here would stop the socket's reads
                    lastFailure = e.toString();
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        /**
         * The subscribers share this machine's cores with the endpoint, so they read as little as they can: the
         * event name sits at a fixed offset of the v1 object the endpoint writes ({"topic","event",...}).
         */
        private void handle(CharSequence m) {
            if (startsWith(m, CHANGE_PREFIX)) {
                received.incrementAndGet();
                if (recording) {
                    String text = m.toString();
                    int at = text.indexOf(COMMIT);
                    long committed = Instant.parse(text.substring(at + COMMIT.length(), at + COMMIT.length() + 24))
                            .toEpochMilli();
                    latencyMicros.recordValue(Math.max(0, System.currentTimeMillis() - committed) * 1000);
                }
            } else if (m.toString().contains("Subscribed to PostgreSQL")) {
                joined.countDown();
            }
        }

        private static boolean startsWith(CharSequence s, String prefix) {
            if (s.length() < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (s.charAt(i) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
