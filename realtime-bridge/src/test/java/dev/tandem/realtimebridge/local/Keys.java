package dev.tandem.realtimebridge.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** API keys for tests: valid ones as {@link DevKeys} makes them, and ones lacking a claim or already expired. */
final class Keys {
    static final String SECRET = "local-realtime-test-secret-of-at-least-32-bytes";

    private Keys() {
    }

    static String key(String role) {
        return DevKeys.sign(SECRET, role, Duration.ofHours(1));
    }

    static String key(String secret, String role, Instant exp) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("supabase");
        if (role != null) {
            claims.claim("role", role);
        }
        if (exp != null) {
            claims.expirationTime(Date.from(exp));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
