package dev.tandem.legacyws;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may connect: static tokens and their roles, an HS256 JWT secret, and the browser origins allowed. Auth is
 * off (anyone may connect, with every role) unless a token or a secret is set; the origin check applies
 * either way. Part of {@link LegacyServerConfig}. Immutable; made with {@link #builder()}, whose
 * {@code build()} checks every setting. Tokens and the secret never appear in {@link #toString()} or in a
 * validation message.
 */
public final class AuthSettings {
    public static final int MIN_JWT_SECRET_BYTES = 32;

    private static final AuthSettings DEFAULTS = builder().build();

    private final Map<String, Set<Role>> tokens;
    private final String jwtSecret;
    private final Set<String> allowedOrigins;

    private AuthSettings(Builder b) {
        this.tokens = b.tokens;
        this.jwtSecret = b.jwtSecret;
        this.allowedOrigins = b.allowedOrigins;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Auth off, any origin. */
    public static AuthSettings defaults() {
        return DEFAULTS;
    }

    /** A builder holding these values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().tokens(tokens).jwtSecret(jwtSecret).allowedOrigins(allowedOrigins);
    }

    /** Static tokens and their roles; any token or a jwtSecret turns auth on. */
    public Map<String, Set<Role>> tokens() {
        return tokens;
    }

    /** HS256 secret for JWT tokens (at least 32 bytes), or null; turns auth on when set. */
    public String jwtSecret() {
        return jwtSecret;
    }

    /** Origins allowed to connect (exact match, e.g. https://dash.example); empty allows any. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** True when a token or a JWT secret is configured: handshakes then need a valid token. */
    public boolean enabled() {
        return !tokens.isEmpty() || jwtSecret != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSettings a && tokens.equals(a.tokens) && Objects.equals(jwtSecret, a.jwtSecret)
                && allowedOrigins.equals(a.allowedOrigins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokens, jwtSecret, allowedOrigins);
    }

    /** Secrets are never printed: only how many there are. */
    @Override
    public String toString() {
        return "AuthSettings[tokens=" + tokens.size() + ", jwt=" + (jwtSecret != null)
                + ", allowedOrigins=" + allowedOrigins + "]";
    }

    /** Mutable collector of settings; starts with auth off and any origin allowed. */
    public static final class Builder {
        private Map<String, Set<Role>> tokens = Map.of();
        private String jwtSecret = null;
        private Set<String> allowedOrigins = Set.of();

        private Builder() {
        }

        public Builder tokens(Map<String, Set<Role>> tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder allowedOrigins(Set<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        /**
         * Copies the collections, so later changes to the caller's maps and sets have no effect.
         *
         * @throws IllegalArgumentException naming the first invalid setting (never echoing a token or the secret)
         * @throws NullPointerException     when tokens or allowedOrigins is null
         */
        public AuthSettings build() {
            Map<String, Set<Role>> tokenCopy = copyTokens(tokens);
            if (jwtSecret != null) {
                int bytes = jwtSecret.getBytes(StandardCharsets.UTF_8).length;
                if (bytes < MIN_JWT_SECRET_BYTES) {
                    throw new IllegalArgumentException("jwtSecret must be at least " + MIN_JWT_SECRET_BYTES
                            + " bytes (HS256), got " + bytes);
                }
            }
            Set<String> originCopy = Set.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins must not be null"));
            Builder copy = new Builder().tokens(tokenCopy).jwtSecret(jwtSecret).allowedOrigins(originCopy);
            return new AuthSettings(copy);
        }

        private static Map<String, Set<Role>> copyTokens(Map<String, Set<Role>> tokens) {
            Objects.requireNonNull(tokens, "tokens must not be null");
            Map<String, Set<Role>> copy = new HashMap<>();
            tokens.forEach((token, roles) -> {
                if (token == null || token.isBlank() || roles == null || roles.isEmpty()) {
                    // The token itself is not echoed: it is a secret.
                    throw new IllegalArgumentException("tokens must map non-blank tokens to at least one role");
                }
                copy.put(token, Set.copyOf(roles));
            });
            return Map.copyOf(copy);
        }
    }
}
