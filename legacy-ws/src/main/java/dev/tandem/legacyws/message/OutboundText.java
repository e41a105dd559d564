package dev.tandem.legacyws.message;

import java.nio.charset.StandardCharsets;

/**
 * A message rendered once: as text, and as the complete WebSocket frame that goes on the wire (its UTF-8
 * payload behind the header). A server's frames are unmasked (RFC 6455 §5.1), so every client gets the very
 * same bytes; fanning the message out neither re-renders, re-encodes nor re-frames it. The payload is kept
 * only inside the frame: replay buffer and mailbox entries hold these, so a second copy would double them.
 */
public record OutboundText(String text, byte[] frame) {

    public static OutboundText of(String text) {
        return new OutboundText(text, textFrame(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Bytes of the UTF-8 payload, without the frame header. */
    public int payloadLength() {
        int n = frame[1] & 0x7f;
        return n <= 125 ? n : frame.length - (n == 126 ? 4 : 10);
    }

    /** A final, unmasked text frame (opcode 1) carrying {@code payload}: RFC 6455 §5.2. */
    static byte[] textFrame(byte[] payload) {
        int n = payload.length;
        int header = n <= 125 ? 2 : n <= 65_535 ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) 0x81;
        if (n <= 125) {
            frame[1] = (byte) n;
        } else if (n <= 65_535) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            long len = n;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, n);
        return frame;
    }
}
