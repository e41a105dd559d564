package dev.tandem.adapter.http;

import dev.tandem.adapter.config.Setting;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Admin endpoints take {@code Authorization: Bearer <TANDEM_ADMIN_TOKEN>}. The token is compared in constant time
 * (as SHA-256 digests, so not even its length leaks) and appears in no message or log line.
 */
public final class AdminAuth {
    /** Why a request was refused: its HTTP status, error code and message. */
    record Refusal(int status, String code, String message) {
    }

    private static final String SCHEME = "bearer ";
    private final byte[] tokenDigest; // null: admin endpoints disabled

    /** @param token the configured admin token; null or empty disables admin endpoints */
    public AdminAuth(String token) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    }

    /** Empty when the request carries the admin token; else why not. */
    Optional<Refusal> check(Context ctx) {
        if (tokenDigest == null) {
            return Optional.of(new Refusal(403, "admin_disabled", "admin endpoints are disabled: set "
                    + Setting.ADMIN_TOKEN.label() + " to a token of at least 16 characters to use them"));
        }
        String token = bearerToken(ctx);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"tandem-admin\"");
            return Optional.of(new Refusal(401, "unauthorized",
                    "this endpoint needs the admin token: Authorization: Bearer <" + Setting.ADMIN_TOKEN.env() + ">"));
        }
        byte[] given = sha256(token);
        if (!MessageDigest.isEqual(given, tokenDigest)) {
            return Optional.of(new Refusal(403, "forbidden", "the bearer token is not the admin token"));
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, stripped; null when there is none. */
    static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME) || header.length() == SCHEME.length()) {
            return null;
        }
        return header.substring(SCHEME.length()).strip();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
