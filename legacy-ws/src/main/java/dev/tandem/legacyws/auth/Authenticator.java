package dev.tandem.legacyws.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which roles a handshake's token grants: a configured static token, else an HS256 JWT signed with
 * the configured secret, with an {@code exp} that has not passed (required) and the role in claim
 * {@code role} (a string) or {@code roles} (a list); no role claim means viewer. With auth off everyone has
 * every role. Tokens are secrets: nothing here logs them or puts them in a message.
 */
public final class Authenticator {
    /** Every role: what a client has when auth is off (the old system had no auth by default). */
    public static final Set<Role> ALL_ROLES = Set.copyOf(EnumSet.allOf(Role.class));

    private final boolean enabled;
    private final Map<String, Set<Role>> tokens;
    private final MACVerifier verifier;
    private final Clock clock;

    public Authenticator(LegacyServerConfig config) {
        this.enabled = config.auth().enabled();
        this.tokens = config.auth().tokens();
        this.clock = config.clock();
        try {
            this.verifier = config.auth().jwtSecret() == null ? null
                    : new MACVerifier(config.auth().jwtSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwtSecret is not usable for HS256: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The roles {@code token} grants, or null when it grants none (the handshake is refused with 401). */
    public Set<Role> roles(String token) {
        if (!enabled) {
            return ALL_ROLES;
        }
        if (token == null || token.isEmpty()) {
            return null;
        }
        Set<Role> roles = staticRoles(token);
        if (roles != null) {
            return roles;
        }
        return verifier == null ? null : jwtRoles(token);
    }

    private Set<Role> staticRoles(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Set<Role> found = null;
        // Constant-time comparison over every token, so timing does not reveal how much of one matched.
        for (Map.Entry<String, Set<Role>> e : tokens.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return found;
    }

    private Set<Role> jwtRoles(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = Date.from(clock.instant());
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)) {
                return null;
            }
            if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)) {
                return null;
            }
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            Object role = claims.getClaim("role");
            if (role instanceof String r) {
                addRole(roles, r);
            }
            if (claims.getClaim("roles") instanceof List<?> list) {
                list.forEach(r -> addRole(roles, String.valueOf(r)));
            }
            if (roles.isEmpty()) {
                roles.add(Role.VIEWER);
            }
            return Set.copyOf(roles);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null; // any malformed token simply grants nothing
        }
    }

    private static void addRole(Set<Role> roles, String name) {
        for (Role r : Role.values()) {
            if (r.name().equals(name.toUpperCase(Locale.ROOT))) {
                roles.add(r);
            }
        }
    }
}
