package dev.tandem.realtimebridge.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;

/**
 * Checks an API key or access token as Supabase Realtime does: an HS256 JWT signed with the project's secret,
 * with the claims {@code role} and {@code exp}, not expired. Refusals carry the real server's texts (its
 * {@code user_socket.ex} error responses). Tokens are secrets: nothing here logs them or quotes them.
 */
final class ApiKeyVerifier {
    /** Why a key was refused: the handshake's HTTP status and the {@code {error}} text of the real server. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static final String MISSING = "API key is missing";
    static final String EXPIRED = "Token has expired";
    static final String MISSING_CLAIMS = "Fields `role` and `exp` are required in JWT";
    static final String MALFORMED = "The token provided is not a valid JWT";
    static final String BAD_SIGNATURE = "Failed to validate JWT signature";

    private final MACVerifier verifier;
    private final boolean acceptAnyKey;
    private final Clock clock;

    ApiKeyVerifier(LocalRealtimeConfig config, Clock clock) {
        this.acceptAnyKey = config.acceptAnyKey();
        this.clock = clock;
        try {
            this.verifier = config.jwtSecret() == null ? null
                    : new MACVerifier(config.jwtSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwtSecret is not usable for HS256: " + e.getMessage(), e);
        }
    }

    /** The role the token grants, or {@link Refused} with the status and text the real server answers. */
    String role(String token) throws Refused {
        if (token == null || token.isBlank()) {
            throw new Refused(401, MISSING);
        }
        String cleaned = token.replaceAll("\\s", "");
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(cleaned);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            if (acceptAnyKey) {
                return "anon";
            }
            throw new Refused(401, MALFORMED);
        }
        if (acceptAnyKey) {
            Object role = claims.getClaim("role");
            return role instanceof String s && !s.isBlank() ? s : "anon";
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new Refused(401, BAD_SIGNATURE);
            }
        } catch (JOSEException e) {
            throw new Refused(401, BAD_SIGNATURE);
        }
        Object role = claims.getClaim("role");
        Date exp = claims.getExpirationTime();
        if (!(role instanceof String r) || r.isBlank() || exp == null) {
            throw new Refused(401, MISSING_CLAIMS);
        }
        if (!exp.toInstant().isAfter(clock.instant())) {
            throw new Refused(401, EXPIRED);
        }
        return r;
    }
}
