package dev.tandem.legacyws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade request made by hand over a plain socket, for what a library client hides: the HTTP
 * status of a refused handshake, and a client that stops reading after the handshake.
 */
final class RawUpgrade implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;
    /** An HTTP response head larger than this is not what this server sends; stop rather than read forever. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    final Socket socket;
    /** e.g. {@code HTTP/1.1 101 Web Socket Protocol Handshake} */
    final String statusLine;

    private RawUpgrade(Socket socket, String statusLine) {
        this.socket = socket;
        this.statusLine = statusLine;
    }

    /**
     * Sends the upgrade request for {@code target} and reads exactly the response head, nothing after it.
     *
     * @param receiveBufferBytes the socket's receive buffer, set before connecting so the TCP window is small
     */
    static RawUpgrade open(int port, String target, int receiveBufferBytes) throws IOException {
        return open(port, target, receiveBufferBytes, "");
    }

    /** @param extraHeaders more request header lines, each ending in CRLF (e.g. {@code "Origin: x\r\n"}) */
    static RawUpgrade open(int port, String target, int receiveBufferBytes, String extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String head = readHead(socket.getInputStream());
        return new RawUpgrade(socket, head.substring(0, head.indexOf("\r\n")));
    }

    /** The status code of the response, e.g. 101 or 404. */
    int status() {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** Reads (and discards) everything the server still sends; returns the byte count once the server closed. */
    long drainUntilClosed() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
        }
        return total;
    }

    private static String readHead(InputStream in) throws IOException {
        // Byte by byte, so nothing past the head (the first WebSocket frame) is consumed.
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD_BYTES) {
                throw new IOException("no complete HTTP response head; got: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
