package dev.tandem.legacyws.message;

import java.nio.charset.StandardCharsets;

/**
 * A message rendered once: as text, as its UTF-8 bytes, and as the complete WebSocket frame that goes on the
 * wire. A server's frames are unmasked (RFC 6455 §5.1), so every client gets the very same bytes; fanning the
 * message out neither re-renders, re-encodes nor re-frames it.
 */
public record OutboundText(String text, byte[] utf8, byte[] frame) {

    public static OutboundText of(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return new OutboundText(text, utf8, textFrame(utf8));
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
