package dev.tandem.legacyws.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frame built once per message: header per RFC 6455 §5.2, and the payload length read back from it. */
class OutboundTextTest {
    @Test
    void everyLengthEncodingFramesThePayloadAndReportsItsLength() {
        for (int n : new int[] {0, 125, 126, 65_535, 65_536, 70_000}) {
            String text = "é".repeat(n / 2) + "x".repeat(n % 2); // two-byte characters: bytes, not chars, count
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            OutboundText m = OutboundText.of(text);
            int header = utf8.length <= 125 ? 2 : utf8.length <= 65_535 ? 4 : 10;
            assertEquals(utf8.length, m.payloadLength(), "payload of " + utf8.length);
            assertEquals(header + utf8.length, m.frame().length);
            assertEquals((byte) 0x81, m.frame()[0], "FIN + text opcode");
            assertEquals(text, new String(Arrays.copyOfRange(m.frame(), header, m.frame().length), StandardCharsets.UTF_8));
        }
    }
}
