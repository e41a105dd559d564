package dev.tandem.legacyws.server;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/** Makes every accepted connection a {@link MeteredSocket} writing through a {@link CountingChannel}. */
final class MeteredSocketFactory implements WebSocketServerFactory {

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new MeteredSocket(adapter, List.of(draft));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new MeteredSocket(adapter, drafts);
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
        // WebSocketServer registers the key with the new connection attached before it asks for the wrapper.
        MeteredSocket socket = (MeteredSocket) key.attachment();
        return new CountingChannel(channel, socket);
    }

    @Override
    public void close() {
        // Nothing to release: no thread pools or SSL contexts here.
    }
}
