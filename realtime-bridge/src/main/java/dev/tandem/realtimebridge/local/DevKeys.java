package dev.tandem.realtimebridge.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Supabase-style API keys for the local endpoint (HS256 JWTs with {@code role} and {@code exp}, as a project's
 * anon and service_role keys are), and throwaway secrets to sign them with. For development and tests only.
 */
public final class DevKeys {
    private DevKeys() {
    }

    /** A random secret of 48 bytes, base64url: for a demo that was given none. */
    public static String randomSecret() {
        byte[] b = new byte[48];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A key for {@code role}, valid for {@code ttl}, signed with {@code secret}. */
    public static String sign(String secret, String role, Duration ttl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("tandem-realtime-local").claim("role", role)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(ttl))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret is not usable for HS256: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
