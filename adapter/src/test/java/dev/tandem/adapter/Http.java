package dev.tandem.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Real HTTP requests to the service under test. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final OkHttpClient CLIENT = new OkHttpClient();

    record Reply(int status, JsonNode body) {
    }

    /** An answer as it came: status, content type, the named header, text. */
    record Raw(int status, String contentType, String header, String text) {
    }

    private Http() {
    }

    static Reply post(String url, byte[] body) throws IOException {
        return call(new Request.Builder().url(url).post(RequestBody.create(body, APPLICATION_JSON)).build());
    }

    static Reply post(String url, String body) throws IOException {
        return post(url, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Reply get(String url) throws IOException {
        return call(new Request.Builder().url(url).get().build());
    }

    /** A request with one extra header (null: none); {@code post} null makes it a GET. */
    static Raw raw(String url, String post, String header, String value, String answerHeader) throws IOException {
        Request.Builder b = new Request.Builder().url(url);
        if (post != null) {
            b.post(RequestBody.create(post, APPLICATION_JSON));
        }
        if (header != null) {
            b.header(header, value);
        }
        try (Response r = CLIENT.newCall(b.build()).execute()) {
            return new Raw(r.code(), r.header("Content-Type"), answerHeader == null ? null : r.header(answerHeader),
                    r.body().string());
        }
    }

    /**
     * Any request: {@code body} null sends none (a PUT or POST then sends an empty body); {@code headers} are
     * name, value pairs.
     */
    static Reply send(String method, String url, String body, String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(url);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        boolean hasBody = method.equals("POST") || method.equals("PUT");
        b.method(method, hasBody ? RequestBody.create(body == null ? "" : body, APPLICATION_JSON) : null);
        return call(b.build());
    }

    private static Reply call(Request request) throws IOException {
        try (Response r = CLIENT.newCall(request).execute()) {
            String text = r.body().string();
            return new Reply(r.code(), text.isEmpty() ? null : JSON.readTree(text));
        }
    }
}
