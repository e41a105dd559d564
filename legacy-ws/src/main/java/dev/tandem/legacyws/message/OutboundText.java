package dev.tandem.legacyws.message;

import java.nio.charset.StandardCharsets;

/**
 * A message rendered once, as text and as the UTF-8 bytes that go on the wire, so fanning it out to many
 * clients neither re-renders nor re-encodes it.
 */
public record OutboundText(String text, byte[] utf8) {

    public static OutboundText of(String text) {
        return new OutboundText(text, text.getBytes(StandardCharsets.UTF_8));
    }
}
