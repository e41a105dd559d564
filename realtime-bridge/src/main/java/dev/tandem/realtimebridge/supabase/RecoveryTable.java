package dev.tandem.realtimebridge.supabase;

import java.util.Map;

/**
 * Realtime's documented reactions to errors (reference §1.5 join error table, §1.8 channel-level system errors,
 * §1.9 rate limits). Join errors carry a code ({@code "<Code>: <message>"}); system messages carry only text,
 * so those are matched on their documented wording.
 */
final class RecoveryTable {
    private static final Map<String, Recovery> JOIN_CODES = Map.ofEntries(
            Map.entry("InvalidJWTExpiration", Recovery.REFRESH_TOKEN),
            Map.entry("MalformedJWT", Recovery.STOP),
            Map.entry("JwtSignatureError", Recovery.STOP),
            Map.entry("Unauthorized", Recovery.STOP),
            Map.entry("ConnectionRateLimitReached", Recovery.BACK_OFF),
            Map.entry("ClientJoinRateLimitReached", Recovery.BACK_OFF),
            Map.entry("ChannelRateLimitReached", Recovery.BACK_OFF),
            Map.entry("InitializingProjectConnection", Recovery.BACK_OFF),
            Map.entry("IncreaseConnectionPool", Recovery.BACK_OFF),
            Map.entry("DatabaseLackOfConnections", Recovery.BACK_OFF),
            Map.entry("UnableToConnectToProject", Recovery.BACK_OFF),
            Map.entry("TopicNameRequired", Recovery.STOP),
            Map.entry("TenantNotFound", Recovery.STOP),
            Map.entry("RealtimeDisabledForTenant", Recovery.STOP),
            Map.entry("RealtimeDisabledForConfiguration", Recovery.STOP),
            Map.entry("RealtimeRestarting", Recovery.RETRY));

    static final String SUBSCRIBED_TO_POSTGRES = "Subscribed to PostgreSQL";
    static final String TOKEN_EXPIRED = "Token has expired";
    static final String CLAIMS_REQUIRED = "Fields `role` and `exp` are required in JWT";

    private RecoveryTable() {
    }

    /** The code of a join error reason: the text before the first ':', or the whole reason. */
    static String code(String reason) {
        if (reason == null) {
            return "";
        }
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).trim();
    }

    /**
     * Codes outside the table (and the bare "Unknown Error on Channel") back off: retrying too fast is the one
     * reaction that can make things worse, and stopping would lose events for a transient fault.
     */
    static Recovery forJoinError(String reason) {
        return JOIN_CODES.getOrDefault(code(reason), Recovery.BACK_OFF);
    }

    /**
     * For the system error that preceded a {@code phx_close}. "Token has expired" refreshes; a token without the
     * required claims cannot be fixed by retrying; rate limits and everything else back off before rejoining,
     * as the protocol doc asks ("phx_close following a rate-limit system error requires throttling").
     */
    static Recovery forSystemError(String message) {
        if (message == null) {
            return Recovery.BACK_OFF; // closed without a reason given
        }
        if (message.contains(TOKEN_EXPIRED)) {
            return Recovery.REFRESH_TOKEN;
        }
        if (message.contains(CLAIMS_REQUIRED)) {
            return Recovery.STOP;
        }
        return Recovery.BACK_OFF;
    }
}
