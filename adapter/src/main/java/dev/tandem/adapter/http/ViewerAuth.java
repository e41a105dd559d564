package dev.tandem.adapter.http;

import dev.tandem.legacyws.auth.Authenticator;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The dashboard's reads of events and figures take the same viewer token as the legacy socket: with legacy auth
 * off they are open (as the socket is), with it on they need {@code Authorization: Bearer <token>} (or
 * {@code ?token=}) that the socket would accept. Otherwise events readable over HTTP would bypass the socket's
 * auth. Tokens never appear in a message.
 */
public final class ViewerAuth {
    private final Authenticator authenticator;

    public ViewerAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Empty when the request may read; else why not (401). */
    Optional<AdminAuth.Refusal> check(Context ctx) {
        if (!authenticator.enabled()) {
            return Optional.empty();
        }
        String token = ctx.queryParam("token");
        if (token == null || token.isEmpty()) {
            token = AdminAuth.bearerToken(ctx);
        }
        if (token == null || token.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"tandem-viewer\"");
            return Optional.of(new AdminAuth.Refusal(401, "unauthorized", "legacy auth is on: this endpoint needs a"
                    + " viewer token, as the legacy socket does (Authorization: Bearer <token>, or ?token=)"));
        }
        if (authenticator.roles(token) == null) {
            return Optional.of(new AdminAuth.Refusal(401, "unauthorized", "the token is not a valid viewer token"));
        }
        return Optional.empty();
    }
}
