package dev.tandem.legacyws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HandshakeRequestTest {
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    @Test
    void pathIsSplitFromTheQueryAndClientIdIsDecoded() {
        HandshakeRequest r = HandshakeRequest.parse("/ws?token=t&client_id=wall%20board%2F1", "");
        assertEquals("/ws", r.path());
        assertEquals("wall board/1", r.clientId());
    }

    @Test
    void emptyOrAbsentClientIdMeansNone() {
        assertNull(HandshakeRequest.parse("/ws", null).clientId());
        assertNull(HandshakeRequest.parse("/ws?client_id=", null).clientId());
        assertNull(HandshakeRequest.parse("/ws?client_id", null).clientId());
    }

    @Test
    void tenantComesFromTheQueryWhenValidForRolloutConstraints() {
        assertEquals("acme", HandshakeRequest.parse("/ws?client_id=a&tenant=acme", null).tenant());
        assertNull(HandshakeRequest.parse("/ws?client_id=a", null).tenant());
        assertNull(HandshakeRequest.parse("/ws?tenant=%3Cx%3E", null).tenant(), "odd characters: no tenant");
        assertNull(HandshakeRequest.parse("/ws?tenant=" + "t".repeat(129), null).tenant());
    }

    @Test
    void clientKindComesFromTheQueryElseTheUserAgent() {
        assertEquals("wallboard", HandshakeRequest.parse("/ws?client_kind=wallboard", FIREFOX).clientKind());
        assertEquals("browser", HandshakeRequest.parse("/ws", FIREFOX).clientKind());
        assertEquals("other", HandshakeRequest.parse("/ws", "curl/8.5").clientKind());
        // Not a valid kind (too long, odd characters): falls back rather than reporting it verbatim.
        assertEquals("browser", HandshakeRequest.parse("/ws?client_kind=%3Cscript%3E", FIREFOX).clientKind());
        assertEquals("other", HandshakeRequest.parse("/ws?client_kind=" + "k".repeat(33), null).clientKind());
    }

    @Test
    void overlongClientIdOrBrokenEncodingIsRefused() {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> HandshakeRequest.parse("/ws?client_id=" + "x".repeat(129), null));
        assertEquals("client_id must be 1..128 characters, got 129", tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HandshakeRequest.parse("/ws?client_id=%zz", null));
    }
}
