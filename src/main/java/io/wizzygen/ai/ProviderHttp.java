package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The HTTP plumbing the provider engines share: one call, its failures as {@link AiException}s, server-sent
 * events, and keeping the key out of every message.
 */
final class ProviderHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String provider;
    private final String secret;

    ProviderHttp(String provider, Duration connectTimeout, String secret) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.provider = provider;
        this.secret = secret;
    }

    HttpResponse<String> send(String method, String url, Map<String, String> headers, JsonNode body, Duration timeout) {
        return send(request(method, url, headers, body, timeout), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> sendStreaming(String url, Map<String, String> headers, JsonNode body, Duration timeout) {
        return send(request("POST", url, headers, body, timeout), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest request(String method, String url, Map<String, String> headers, JsonNode body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        headers.forEach(builder::header);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return builder.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
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
}
