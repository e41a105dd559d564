package dev.tandem.adapter.config;

import java.util.List;

/**
 * Who may use the legacy socket. Off (anyone may connect, nobody may ingest over it) unless a token or a JWT
 * secret is configured, as in the old system.
 *
 * @param viewerTokens   tokens that may connect and watch
 * @param producerTokens tokens that may also publish with {@code ingest}
 * @param jwtSecret      HS256 secret for JWTs carrying a role; null when unset
 * @param allowedOrigins Origin header values accepted; empty accepts any
 */
public record LegacyAuthSettings(List<String> viewerTokens, List<String> producerTokens, String jwtSecret,
                                 List<String> allowedOrigins) {
    public LegacyAuthSettings {
        viewerTokens = List.copyOf(viewerTokens);
        producerTokens = List.copyOf(producerTokens);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean enabled() {
        return !viewerTokens.isEmpty() || !producerTokens.isEmpty() || jwtSecret != null;
    }

    /** Secrets appear only as counts. */
    @Override
    public String toString() {
        return enabled() ? "on(" + viewerTokens.size() + " viewer, " + producerTokens.size() + " producer tokens"
                + (jwtSecret == null ? "" : ", JWT") + ", origins " + (allowedOrigins.isEmpty() ? "any" : allowedOrigins) + ")"
                : "off";
    }
}
