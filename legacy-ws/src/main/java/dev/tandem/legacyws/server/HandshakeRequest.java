package dev.tandem.legacyws.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What the server takes from a client's upgrade request: the path, the client's own id if it gave one, and
 * the kind of client it is (for {@code sessions_by_client_kind}).
 *
 * @param clientId   the {@code client_id} query parameter, or null when absent or empty
 * @param clientKind {@code client_kind} query parameter when valid, else "browser" for a browser User-Agent,
 *                   else "other"
 * @param tenant     {@code tenant} query parameter when valid (rollout constraints may name it), else null
 */
record HandshakeRequest(String path, String clientId, String clientKind, String token, String tenant) {

    /** Never prints the token: it is a secret, and records print every component by default. */
    @Override
    public String toString() {
        return "HandshakeRequest[path=" + path + ", clientId=" + clientId + ", clientKind=" + clientKind
                + ", token=" + (token == null ? "none" : "***") + ", tenant=" + tenant + "]";
    }

    static final int MAX_CLIENT_ID_LENGTH = 128;
    private static final Pattern CLIENT_KIND = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    /**
     * @param resourceDescriptor the request target, e.g. {@code /ws?client_id=abc}
     * @param userAgent          the User-Agent header, or null
     * @param authorization      the Authorization header, or null; a Bearer token there is used when the
     *                           query has no {@code token}
     * @throws IllegalArgumentException when the query cannot be decoded or client_id is too long
     */
    static HandshakeRequest parse(String resourceDescriptor, String userAgent) {
        return parse(resourceDescriptor, userAgent, null);
    }

    static HandshakeRequest parse(String resourceDescriptor, String userAgent, String authorization) {
        int q = resourceDescriptor.indexOf('?');
        String path = q < 0 ? resourceDescriptor : resourceDescriptor.substring(0, q);
        String clientId = null;
        String clientKind = null;
        String token = null;
        String tenant = null;
        if (q >= 0) {
            for (String pair : resourceDescriptor.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "client_id" -> clientId = value.isEmpty() ? null : value;
                    case "client_kind" -> clientKind = CLIENT_KIND.matcher(value).matches() ? value : null;
                    case "token" -> token = value.isEmpty() ? null : value;
                    case "tenant" -> tenant = TENANT.matcher(value).matches() ? value : null;
                    default -> {
                        // Unknown parameters are ignored, as the old server did.
                    }
                }
            }
        }
        if (clientId != null && clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw new IllegalArgumentException("client_id must be 1.." + MAX_CLIENT_ID_LENGTH + " characters, got "
                    + clientId.length());
        }
        if (clientKind == null) {
            clientKind = userAgent != null && userAgent.contains("Mozilla/") ? "browser" : "other";
        }
        if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        return new HandshakeRequest(path, clientId, clientKind, token == null || token.isEmpty() ? null : token,
                tenant);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the bad text, which may be part of a token: never pass it on.
            throw new IllegalArgumentException("query string is not valid URL encoding");
        }
    }
}
