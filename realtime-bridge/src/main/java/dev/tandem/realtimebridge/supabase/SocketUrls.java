package dev.tandem.realtimebridge.supabase;

import okhttp3.HttpUrl;

/** The Realtime socket URL: from what a user configures to what OkHttp connects to. */
final class SocketUrls {
    private SocketUrls() {
    }

    /**
     * The socket endpoint without a query: a project URL gets {@code /realtime/v1/websocket} added, a URL ending in
     * {@code /websocket} is kept; ws and wss become http and https, which OkHttp upgrades.
     *
     * @throws IllegalArgumentException naming the {@code url} setting if it is not such a URL
     */
    static HttpUrl endpoint(String url) {
        String u = url == null ? "" : url.trim();
        if (u.startsWith("ws:")) {
            u = "http:" + u.substring(3);
        } else if (u.startsWith("wss:")) {
            u = "https:" + u.substring(4);
        }
        HttpUrl parsed = HttpUrl.parse(u);
        if (parsed == null || parsed.query() != null) {
            throw new IllegalArgumentException("url must be an http, https, ws or wss URL without a query, such as"
                    + " https://<project>.supabase.co, got: " + url);
        }
        if (parsed.encodedPath().endsWith("/websocket")) {
            return parsed;
        }
        // OkHttp replaces a trailing empty segment, so "https://x.supabase.co/" does not get a double slash.
        return parsed.newBuilder().addPathSegments("realtime/v1/websocket").build();
    }

    /** The endpoint with {@code apikey} and {@code vsn}, the query Realtime expects. */
    static HttpUrl withKey(HttpUrl endpoint, String apiKey, ProtocolVersion protocol) {
        return endpoint.newBuilder().setQueryParameter("apikey", apiKey).setQueryParameter("vsn", protocol.vsn()).build();
    }
}
