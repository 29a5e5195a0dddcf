package io.wizzygen.notion;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry, Retry-After and append de-duplication against a scripted fake Notion (real HTTP, no sleeping). */
class NotionHttpRetryTest {

    private static final String PAGE = "1f2e3d4c5b6a47988796a5b4c3d2e1f0";
    private static final String PAGE_JSON = "{\"object\":\"page\",\"id\":\"1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0\",\"properties\":{}}";

    record Reply(int status, String body, Map<String, String> headers, long delayMs) {
        static Reply ok(String body) {
            return new Reply(200, body, Map.of(), 0);
        }

        static Reply error(int status, String code) {
            return new Reply(status, "{\"object\":\"error\",\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"m\"}", Map.of(), 0);
        }
    }

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private NotionClient clientFor(Function<String, Reply> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(call);
            Reply reply = script.apply(call + " #" + requests.stream().filter(r -> r.equals(call)).count());
            try {
                Thread.sleep(reply.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("x-notion-request-id", "req-1");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        AtomicClock clock = new AtomicClock();
        return NotionClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).token("ntn_secret_value")
                .rateLimiter(new RateLimiter(0, 1, clock::now))
                .sleeper(duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                })
                .timeout(Duration.ofMillis(300))
                .build();
    }

    /** A clock that moves only when the client "sleeps", so waits are measured, not waited. */
    static final class AtomicClock {
        private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1);

        long now() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void rateLimitedAnswersAreRepeatedAfterTheirRetryAfter() throws IOException {
        NotionClient client = clientFor(call -> call.endsWith("#1")
                ? new Reply(429, "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "7"), 0)
                : Reply.ok(PAGE_JSON));
        assertThat(client.retrievePage(NotionId.ofHex(PAGE)).id().compact()).isEqualTo(PAGE);
        assertThat(requests).hasSize(2);
        assertThat(sleeps).contains(Duration.ofSeconds(7));
    }

    @Test
    void rateLimitingIsWaitedOutHoweverOftenItComesAndCostsNoTry() throws IOException {
        int rateLimitedAnswers = RetryPolicy.DEFAULT.maxTries() * 3;
        NotionClient client = clientFor(call -> Integer.parseInt(call.substring(call.indexOf('#') + 1)) <= rateLimitedAnswers
                ? new Reply(429, "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "2"), 0)
                : Reply.ok(PAGE_JSON));
        assertThat(client.retrievePage(NotionId.ofHex(PAGE)).id().compact()).isEqualTo(PAGE);
        assertThat(requests).hasSize(rateLimitedAnswers + 1);
        assertThat(sleeps).filteredOn(wait -> wait.equals(Duration.ofSeconds(2))).hasSize(rateLimitedAnswers);
    }

    @Test
    void triesLeftAfterRateLimitingStillBoundFailures() throws IOException {
        NotionClient client = clientFor(call -> call.endsWith("#1") || call.endsWith("#2")
                ? new Reply(429, "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "1"), 0)
                : Reply.error(503, "service_unavailable"));
        assertThatThrownBy(() -> client.retrievePage(NotionId.ofHex(PAGE))).isInstanceOfSatisfying(NotionException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(requests).hasSize(2 + RetryPolicy.DEFAULT.maxTries());
    }

    @Test
    void serverErrorsAndTimeoutsOfReadsAreRetriedWithBackoff() throws IOException {
        NotionClient client = clientFor(call -> call.endsWith("#1") ? Reply.error(503, "service_unavailable")
                : call.endsWith("#2") ? new Reply(200, PAGE_JSON, Map.of(), 1000) : Reply.ok(PAGE_JSON));
        client.retrievePage(NotionId.ofHex(PAGE));
        assertThat(requests).hasSize(3);
        assertThat(sleeps).filteredOn(wait -> !wait.isZero()).hasSize(2);
    }

    @Test
    void triesAreBoundedAndTheLastErrorSaysWhatToDo() throws IOException {
        NotionClient client = clientFor(call -> Reply.error(502, "bad_gateway"));
        assertThatThrownBy(() -> client.retrievePage(NotionId.ofHex(PAGE))).isInstanceOfSatisfying(NotionException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.requestId()).isEqualTo("req-1");
            assertThat(e.userMessage()).contains("Try again");
            assertThat(e.getMessage()).doesNotContain("ntn_secret_value");
        });
        assertThat(requests).hasSize(RetryPolicy.DEFAULT.maxTries());
    }

    @Test
    void aRowCreationThatFailedAmbiguouslyIsNotRepeated() throws IOException {
        NotionClient client = clientFor(call -> Reply.error(500, "internal_server_error"));
        assertThatThrownBy(() -> client.createPage(NotionId.ofHex(PAGE), Map.of("Name", new PropertyValue.Title("x"))))
                .isInstanceOf(NotionException.class);
        assertThat(requests).containsExactly("POST /v1/pages");
    }

    @Test
    void anAppendThatLandedDespiteA502IsNotSentAgain() throws IOException {
        String landed = "{\"object\":\"list\",\"has_more\":false,\"next_cursor\":null,\"results\":[" + block("9a", "older") + "," + block("9b", "hello") + "]}";
        NotionClient client = clientFor(call -> call.startsWith("PATCH") ? Reply.error(502, "bad_gateway") : Reply.ok(landed));
        List<Block> created = client.appendBlocks(NotionId.ofHex(PAGE), List.of(NotionClientSandboxTest.paragraph("hello")));
        assertThat(created).extracting(Block::plainText).containsExactly("hello");
        assertThat(requests).containsExactly("PATCH /v1/blocks/1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0/children",
                "GET /v1/blocks/1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0/children");
    }

    @Test
    void anAppendThatDidNotLandIsSentAgain() throws IOException {
        String nothing = "{\"object\":\"list\",\"has_more\":false,\"next_cursor\":null,\"results\":[" + block("9a", "older") + "]}";
        String created = "{\"object\":\"list\",\"has_more\":false,\"next_cursor\":null,\"results\":[" + block("9b", "hello") + "]}";
        NotionClient client = clientFor(call -> call.startsWith("PATCH") ? (call.endsWith("#1") ? new Reply(200, created, Map.of(), 1000) : Reply.ok(created))
                : Reply.ok(nothing));
        assertThat(client.appendBlocks(NotionId.ofHex(PAGE), List.of(NotionClientSandboxTest.paragraph("hello")))).hasSize(1);
        List<String> methods = new ArrayList<>();
        requests.forEach(r -> methods.add(r.substring(0, r.indexOf(' '))));
        assertThat(methods).containsExactly("PATCH", "GET", "PATCH");
    }

    private static String block(String suffix, String text) {
        return "{\"object\":\"block\",\"id\":\"1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1" + suffix + "\",\"type\":\"paragraph\",\"has_children\":false,"
                + "\"paragraph\":{\"rich_text\":[{\"type\":\"text\",\"plain_text\":\"" + text + "\",\"text\":{\"content\":\"" + text + "\"}}]}}";
    }
}
