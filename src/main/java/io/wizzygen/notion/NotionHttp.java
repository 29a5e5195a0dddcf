package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Sends one Notion request through the cross-cutting chain, in one place: rate budget → HTTP → error
 * mapping → retry. Callers never see a 429 (rate limiting is waited out as Retry-After says, however often it
 * comes), nor a transient failure of an idempotent request unless the bounded tries ran out.
 */
final class NotionHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One logical API call. Idempotent calls may be repeated after a 5xx or a timeout. {@code sendWhile} is asked right
     * before each attempt goes out (after its turn in the rate limiter): when it no longer holds, nothing is sent.
     */
    record Call(String method, String path, JsonNode body, boolean idempotent, BooleanSupplier sendWhile) {
        Call(String method, String path, JsonNode body, boolean idempotent) {
            this(method, path, body, idempotent, () -> true);
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String token;
    private final String notionVersion;
    private final RateBudget limiter;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Duration timeout;
    private final Consumer<NotionExchange> observer;

    NotionHttp(HttpClient http, String baseUrl, String token, String notionVersion, RateBudget limiter,
               RetryPolicy retry, Sleeper sleeper, RandomGenerator random, Duration timeout,
               Consumer<NotionExchange> observer) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.notionVersion = notionVersion;
        this.limiter = limiter;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.timeout = timeout;
        this.observer = observer;
    }

    String notionVersion() {
        return notionVersion;
    }

    /** Sends the call, retrying what is safe to retry. */
    JsonNode send(Call call) {
        return send(call, failure -> {
            throw failure;
        });
    }

    /**
     * Sends the call, retrying what is safe to retry. A non-idempotent call that failed ambiguously (5xx or
     * timeout: it may have been applied) is repeated only after {@code landed} found it had not landed;
     * when it had, {@code landed} answers the result the call would have returned.
     */
    JsonNode send(Call call, Function<NotionException, Optional<JsonNode>> landed) {
        int attempt = 1;
        int rateLimited = 0;
        while (true) {
            try {
                return sendOnce(call);
            } catch (RateLimited limited) {
                // Notion rejects a rate-limited request before applying it, so repeating it is always safe; and being
                // asked to slow down is no failure: it costs time, never a try.
                limiter.backOff(limited.retryAfter.orElse(retry.backoff(++rateLimited + 1, random)));
            } catch (NotionException e) {
                if (attempt >= retry.maxTries() || !e.isTransient()) {
                    throw e;
                }
                attempt++;
                if (!call.idempotent() && e.mayHaveBeenApplied()) {
                    Optional<JsonNode> result = landed.apply(e);
                    if (result.isPresent()) {
                        return result.get();
                    }
                }
                pause(retry.backoff(attempt, random));
            }
        }
    }

    /** Sends the call exactly once (through the rate limiter), mapping every failure to a NotionException. */
    JsonNode sendOnce(Call call) {
        pause(limiter.reserve());
        if (!call.sendWhile().getAsBoolean()) {
            throw new NotionException(0, NotionException.NOT_SENT, "the request was not sent: the caller may no longer make it", null);
        }
        HttpRequest request = buildRequest(call);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            observe(call, 0, NullNode.getInstance());
            throw new NotionException(0, "network_error", describeIoFailure(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotionException(0, "network_error", "interrupted while waiting for Notion", null, e);
        }
        JsonNode body = parse(response.body());
        observe(call, response.statusCode(), body);
        if (response.statusCode() / 100 == 2) {
            return body;
        }
        throw toException(response, body);
    }

    private HttpRequest buildRequest(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Notion-Version", notionVersion)
                .header("Accept", "application/json");
        if (call.body() == null) {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body().toString()));
        }
        return builder.build();
    }

    private NotionException toException(HttpResponse<String> response, JsonNode body) {
        int status = response.statusCode();
        String code = body.path("code").asText(status >= 500 ? "http_" + status : "http_error");
        String message = body.path("message").asText("HTTP " + status);
        String requestId = body.hasNonNull("request_id") ? body.get("request_id").asText()
                : response.headers().firstValue("x-notion-request-id").orElse(null);
        if (status == 429) {
            return new RateLimited(status, code, message, requestId, retryAfter(response));
        }
        return new NotionException(status, code, message, requestId);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private void observe(Call call, int status, JsonNode responseBody) {
        if (observer != null) {
            observer.accept(new NotionExchange(call.method(), call.path(), notionVersion, call.body(), status, responseBody));
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotionException(0, "network_error", "interrupted while waiting for Notion", null, e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", "unreadable answer: "
                    + (text.length() > 200 ? text.substring(0, 200) : text));
        }
    }

    private static String describeIoFailure(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e instanceof java.net.http.HttpTimeoutException ? "the request timed out"
                : e instanceof java.net.ConnectException ? "the connection was refused"
                : "the connection failed (" + kind + ")";
    }

    /** A 429, carrying the server's Retry-After when it sent one. */
    static final class RateLimited extends NotionException {
        final transient Optional<Duration> retryAfter;

        RateLimited(int status, String code, String message, String requestId, Optional<Duration> retryAfter) {
            super(status, code, message, requestId);
            this.retryAfter = retryAfter;
        }
    }
}
