package dev.tandem.adapter.legacy;

import dev.tandem.adapter.config.LegacyAuthSettings;
import dev.tandem.legacyws.AuthSettings;
import dev.tandem.legacyws.Role;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/** Turns Tandem's legacy auth settings into legacy-ws configuration. */
public final class LegacyAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LegacyAuth() {
    }

    /** A fresh 128-bit token, hex. */
    public static String randomToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The legacy-ws auth settings for {@code settings}. When auth is on, {@code observerToken} is added as a
     * viewer token so Tandem's own validator can watch the stream like any dashboard.
     */
    public static AuthSettings toAuthSettings(LegacyAuthSettings settings, String observerToken) {
        AuthSettings.Builder builder = AuthSettings.builder();
        if (settings.enabled()) {
            Map<String, Set<Role>> tokens = new HashMap<>();
            settings.viewerTokens().forEach(t -> tokens.put(t, EnumSet.of(Role.VIEWER)));
            settings.producerTokens().forEach(t -> tokens.put(t, EnumSet.of(Role.VIEWER, Role.PRODUCER)));
            tokens.put(observerToken, EnumSet.of(Role.VIEWER));
            builder.tokens(tokens);
            if (settings.jwtSecret() != null) {
                builder.jwtSecret(settings.jwtSecret());
            }
        }
        if (!settings.allowedOrigins().isEmpty()) {
            builder.allowedOrigins(new HashSet<>(settings.allowedOrigins()));
        }
        return builder.build();
    }
}
