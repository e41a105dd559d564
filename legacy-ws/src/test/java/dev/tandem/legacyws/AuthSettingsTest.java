package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
    private static final String SECRET = "a-jwt-secret-of-at-least-32-bytes!!";

    @Test
    void offByDefaultAndOnWithATokenOrASecret() {
        assertFalse(AuthSettings.defaults().enabled());
        assertTrue(AuthSettings.defaults().allowedOrigins().isEmpty());
        assertTrue(AuthSettings.builder().tokens(Map.of("t", Set.of(Role.VIEWER))).build().enabled());
        assertTrue(AuthSettings.builder().jwtSecret(SECRET).build().enabled());
        assertFalse(AuthSettings.builder().allowedOrigins(Set.of("https://dash.example")).build().enabled(),
                "an origin list alone does not turn token checks on");
    }

    @Test
    void aShortSecretIsRefusedByLengthWithoutBeingEchoed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder().jwtSecret("short").build());
        assertEquals("jwtSecret must be at least 32 bytes (HS256), got 5", e.getMessage());
        // 31 characters, 32 bytes in UTF-8: the bound is in bytes.
        String multiByte = "é" + "x".repeat(30);
        assertEquals(32, AuthSettings.builder().jwtSecret(multiByte).build().jwtSecret().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void aTokenWithoutRolesIsRefusedWithoutBeingEchoed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder().tokens(Map.of("s3cret-token", Set.of())).build());
        assertEquals("tokens must map non-blank tokens to at least one role", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.builder().tokens(Map.of(" ", Set.of(Role.VIEWER))).build());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> AuthSettings.builder().allowedOrigins(null).build());
        assertEquals("allowedOrigins must not be null", npe.getMessage());
    }

    @Test
    void theCallersCollectionsAreCopied() {
        Map<String, Set<Role>> tokens = new HashMap<>(Map.of("t1", new HashSet<>(Set.of(Role.VIEWER))));
        Set<String> origins = new HashSet<>(Set.of("https://a.example"));
        AuthSettings a = AuthSettings.builder().tokens(tokens).allowedOrigins(origins).build();
        tokens.put("t2", Set.of(Role.PRODUCER));
        tokens.get("t1").add(Role.PRODUCER);
        origins.add("https://b.example");
        assertEquals(Map.of("t1", Set.of(Role.VIEWER)), a.tokens());
        assertEquals(Set.of("https://a.example"), a.allowedOrigins());
        assertEquals(a, a.toBuilder().build());
    }

    @Test
    void toStringShowsCountsNotSecrets() {
        AuthSettings a = AuthSettings.builder().tokens(Map.of("s3cret-token", Set.of(Role.VIEWER)))
                .jwtSecret(SECRET).allowedOrigins(Set.of("https://dash.example")).build();
        assertEquals("AuthSettings[tokens=1, jwt=true, allowedOrigins=[https://dash.example]]", a.toString());
    }
}
