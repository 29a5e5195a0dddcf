package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The HTTP plumbing the provider engines share: one call, its failures as {@link AiException}s, server-sent
 * events, and keeping the key out of every message. Each request goes where the {@link Egress} policy lets it:
 * for a base URL a team member chose, to the address that was checked, redirects never followed, and an error
 * answer reaches the engine with the host's words removed (only its status and machine-readable codes remain).
 */
final class ProviderHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final HttpClient client;
    private final String provider;
    private final String secret;
    private final Egress egress;
    private final Duration connectTimeout;
    /** Members' clients, one per TLS server name: each verifies the certificate against the name the member wrote. */
    private final Map<String, HttpClient> pinnedClients = new ConcurrentHashMap<>();

    ProviderHttp(String provider, Duration connectTimeout, String secret, Egress egress) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.provider = provider;
        this.secret = secret;
        this.egress = egress;
        this.connectTimeout = connectTimeout;
    }

    HttpResponse<String> send(String method, String url, Map<String, String> headers, JsonNode body, Duration timeout) {
        Egress.Destination destination = egress.destination(URI.create(url));
        HttpResponse<String> response = send(destination, request(destination, method, headers, body, timeout), HttpResponse.BodyHandlers.ofString());
        return withheld(response) ? new Withheld<>(response, withoutHostWords(response.body())) : response;
    }

    HttpResponse<InputStream> sendStreaming(String url, Map<String, String> headers, JsonNode body, Duration timeout) {
        Egress.Destination destination = egress.destination(URI.create(url));
        HttpResponse<InputStream> response = send(destination, request(destination, "POST", headers, body, timeout),
                HttpResponse.BodyHandlers.ofInputStream());
        if (!withheld(response)) {
            return response;
        }
        String words = withoutHostWords(readAtMost(response.body(), MAX_ERROR_BYTES));
        return new Withheld<>(response, new ByteArrayInputStream(words.getBytes(StandardCharsets.UTF_8)));
    }

    /** A member-chosen host's error answer: its words could be anything the host holds, so they are not passed on. */
    private boolean withheld(HttpResponse<?> response) {
        return egress.guarded() && (response.statusCode() < 200 || response.statusCode() > 299);
    }

    private HttpRequest request(Egress.Destination destination, String method, Map<String, String> headers, JsonNode body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(destination.uri()).timeout(timeout);
        headers.forEach(builder::header);
        if (destination.hostHeader() != null) {
            try {
                builder.setHeader("Host", destination.hostHeader());
            } catch (IllegalArgumentException restricted) {
                throw AiException.of(AiException.Kind.STOP, "This Java runtime does not let Wizzygen name the host of a member's AI server: "
                        + "start it with -Djdk.httpclient.allowRestrictedHeaders=host (the wizzygen command does).");
            }
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return builder.build();
    }

    private HttpClient clientFor(Egress.Destination destination) {
        if (!egress.guarded()) {
            return client;
        }
        String serverName = destination.serverName() == null ? "" : destination.serverName();
        return pinnedClients.computeIfAbsent(serverName, name -> {
            // HTTP/1.1: the Host header names the host while the connection goes to the checked address.
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1);
            if (!name.isEmpty()) {
                try {
                    SSLParameters tls = SSLContext.getDefault().getDefaultSSLParameters();
                    tls.setServerNames(List.of(new SNIHostName(name))); // the certificate is checked against this name, not the address
                    builder.sslParameters(tls);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("TLS is not available in this Java runtime", e);
                }
            }
            return builder.build();
        });
    }

    private <T> HttpResponse<T> send(Egress.Destination destination, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return clientFor(destination).send(request, handler);
        } catch (HttpTimeoutException e) {
            throw AiException.of(AiException.Kind.RETRY_LATER, provider + " did not answer in time. Try again, or raise the timeout.");
        } catch (IOException e) {
            throw AiException.of(AiException.Kind.RETRY_LATER, provider + " could not be reached (" + e.getClass().getSimpleName()
                    + "). Check the connection and the base URL, then try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AiException.of(AiException.Kind.RETRY_LATER, "Interrupted while waiting for " + provider + ".");
        }
    }

    /** Reads server-sent events, handing each event's data to {@code onData} until the stream ends or says [DONE]. */
    void readEvents(InputStream body, Consumer<String> onData) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!dispatch(data, onData)) {
                        return;
                    }
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            dispatch(data, onData);
        } catch (IOException e) {
            throw AiException.of(AiException.Kind.RETRY_LATER, provider + " broke off the answer mid-stream. Try again.");
        }
    }

    private static boolean dispatch(StringBuilder data, Consumer<String> onData) {
        if (data.isEmpty()) {
            return true;
        }
        String event = data.toString();
        data.setLength(0);
        if (event.strip().equals("[DONE]")) {
            return false;
        }
        onData.accept(event);
        return true;
    }

    JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unreadable", scrub(text.length() > 300 ? text.substring(0, 300) : text));
        }
    }

    /** The provider's words with the key removed, should they ever echo it. */
    String scrub(String message) {
        if (message == null) {
            return "";
        }
        return secret == null || secret.isEmpty() ? message : message.replace(secret, "••••");
    }

    /**
     * What may be passed on of a member-chosen host's error answer: the error's machine-readable codes (code, type,
     * status, reason, quota id, retry delay), never its message. Anything else, JSON or not, becomes {}.
     */
    static String withoutHostWords(String body) {
        JsonNode answer;
        try {
            answer = body == null || body.isBlank() ? NullNode.getInstance() : JSON.readTree(body);
        } catch (IOException notJson) {
            answer = NullNode.getInstance();
        }
        JsonNode kept = answer.isObject() ? codesOf(answer.get("error"), 0) : null;
        return kept == null || !kept.isObject() ? "{}" : JSON.createObjectNode().set("error", kept).toString();
    }

    private static final Set<String> CODES = Set.of("code", "type", "status", "@type", "reason", "quotaId", "retryDelay");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:/@-]{1,100}");
    /** Google's status names (shown in some messages): only the enum's shape. */
    private static final Pattern STATUS = Pattern.compile("[A-Z_]{1,40}");

    private static JsonNode codesOf(JsonNode node, int depth) {
        if (node == null || depth > 4) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode kept = JSON.createArrayNode();
            node.forEach(item -> {
                JsonNode child = codesOf(item, depth + 1);
                if (child != null) {
                    kept.add(child);
                }
            });
            return kept;
        }
        if (!node.isObject()) {
            return null;
        }
        ObjectNode kept = JSON.createObjectNode();
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (CODES.contains(field.getKey()) && (value.isNumber() || value.isTextual() && TOKEN.matcher(value.asText()).matches()
                    && (!field.getKey().equals("status") || STATUS.matcher(value.asText()).matches()))) {
                kept.set(field.getKey(), value);
            } else if (value.isContainerNode()) {
                JsonNode child = codesOf(value, depth + 1);
                if (child != null && !child.isEmpty()) {
                    kept.set(field.getKey(), child);
                }
            }
        });
        return kept;
    }

    private static String readAtMost(InputStream in, int limit) {
        try (in) {
            return new String(in.readNBytes(limit), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A Retry-After header: seconds (possibly fractional) or retry-after-ms. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> millis = response.headers().firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().strip())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        return response.headers().firstValue("retry-after").flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** An answer with its body replaced (the host's words removed); everything else as received. */
    private record Withheld<T>(HttpResponse<T> original, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public HttpRequest request() {
            return original.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return original.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return original.sslSession();
        }

        @Override
        public URI uri() {
            return original.uri();
        }

        @Override
        public HttpClient.Version version() {
            return original.version();
        }
    }
}
