package dev.tandem.realtimebridge.supabase;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

/** A scripted server on a loopback port, a recording listener, and the client under test, closed after each test. */
abstract class ClientTestBase {
    @StartStop
    final MockWebServer server = new MockWebServer();
    final Events events = new Events();
    RealtimeClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
