package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox as a Notion webhook sender: verification first, then signed page events for changes made through the API. */
class SandboxWebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "secret_sandbox_webhooks_test";

    /** One POST the subscriber received. */
    record Delivery(String signature, String body, JsonNode json) {
    }

    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private final AtomicInteger posts = new AtomicInteger();
    /** The status the subscriber answers its n-th POST (1-based) with. */
    private volatile IntUnaryOperator answer = n -> 200;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private HttpServer subscriber;
    private SandboxServer sandbox;

    @BeforeEach
    void start() throws Exception {
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/webhooks/notion", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CountDownLatch held = hold; // read before the test sees this delivery and sets a hold meant for the next one
            received.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Notion-Signature"), body, JSON.readTree(body)));
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(answer.applyAsInt(posts.incrementAndGet()), -1);
            exchange.close();
        });
        subscriber.start();
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0)
                .withWebhook("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/webhooks/notion", TOKEN));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        subscriber.stop(0);
    }

    private Delivery next() throws InterruptedException {
        Delivery delivery = received.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).as("a delivery within 10 s").isNotNull();
        return delivery;
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        SandboxServerTest.Answer answer = SandboxServerTest.call(sandbox, method, path, body, sandbox.token(), "2025-09-03");
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private String topicsDataSource() throws Exception {
        return call("POST", "/v1/search", "{\"query\":\"Topics\",\"filter\":{\"property\":\"object\",\"value\":\"data_source\"}}")
                .at("/results/0/id").asText();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSubscriptionIsVerifiedFirstThenEveryPageChangeArrivesSignedInOrder() throws Exception {
        Delivery verification = next();
        assertThat(verification.json()).isEqualTo(JSON.readTree("{\"verification_token\":\"" + TOKEN + "\"}"));
        assertThat(sandbox.webhookToken()).isEqualTo(TOKEN);

        String dataSource = topicsDataSource();
        JsonNode row = call("POST", "/v1/pages", "{\"parent\":{\"data_source_id\":\"" + dataSource + "\"},"
                + "\"properties\":{\"Topic\":{\"title\":[{\"text\":{\"content\":\"Webhooks\"}}]}}}");
        String rowId = row.path("id").asText();
        Delivery created = next();
        assertThat(created.signature()).isEqualTo(hmac(created.body()));
        JsonNode event = created.json();
        assertThat(event.path("type").asText()).isEqualTo("page.created");
        assertThat(event.path("entity")).isEqualTo(JSON.readTree("{\"id\":\"" + rowId + "\",\"type\":\"page\"}"));
        assertThat(event.at("/data/parent/type").asText()).isEqualTo("database");
        assertThat(event.at("/data/parent/id").asText()).isEqualTo(row.at("/parent/database_id").asText());
        assertThat(event.at("/data/parent/data_source_id").asText()).isEqualTo(dataSource);
        assertThat(event.path("attempt_number").asInt()).isEqualTo(1);
        assertThat(event.path("api_version").asText()).isEqualTo("2025-09-03");
        String bot = call("GET", "/v1/users/me", null).path("id").asText();
        assertThat(event.path("integration_id").asText()).isEqualTo(bot);
        assertThat(event.path("authors")).isEqualTo(JSON.readTree("[{\"id\":\"" + bot + "\",\"type\":\"bot\"}]"));
        for (String field : List.of("id", "timestamp", "workspace_id", "subscription_id")) {
            assertThat(event.path(field).asText()).as(field).isNotBlank();
        }

        call("PATCH", "/v1/pages/" + rowId, "{\"properties\":{\"Generate\":{\"checkbox\":true},\"Content\":{\"rich_text\":[]}}}");
        JsonNode updated = next().json();
        assertThat(updated.path("type").asText()).isEqualTo("page.properties_updated");
        String generateId = row.at("/properties/Generate/id").asText();
        assertThat(updated.at("/data/updated_properties")).as("only the properties whose values changed")
                .isEqualTo(JSON.createArrayNode().add(generateId));

        JsonNode appended = call("PATCH", "/v1/blocks/" + rowId + "/children",
                "{\"children\":[{\"paragraph\":{\"rich_text\":[{\"text\":{\"content\":\"Hello\"}}]}}]}");
        JsonNode content = next().json();
        assertThat(content.path("type").asText()).isEqualTo("page.content_updated");
        assertThat(content.at("/entity/id").asText()).isEqualTo(rowId);
        assertThat(content.at("/data/updated_blocks/0/id").asText()).isEqualTo(appended.at("/results/0/id").asText());

        call("PATCH", "/v1/pages/" + rowId, "{\"in_trash\":true}");
        assertThat(next().json().path("type").asText()).isEqualTo("page.deleted");
        call("PATCH", "/v1/pages/" + rowId, "{\"in_trash\":false}");
        assertThat(next().json().path("type").asText()).isEqualTo("page.undeleted");
    }

    @Test
    void aFailedDeliveryIsTriedAgainWithTheNextAttemptNumber() throws Exception {
        answer = n -> n == 2 ? 503 : 200;
        next();
        String dataSource = topicsDataSource();
        call("POST", "/v1/pages", "{\"parent\":{\"data_source_id\":\"" + dataSource + "\"},\"properties\":{}}");
        Delivery refused = next();
        Delivery retried = next();
        assertThat(refused.json().path("attempt_number").asInt()).isEqualTo(1);
        assertThat(retried.json().path("attempt_number").asInt()).isEqualTo(2);
        assertThat(retried.json().path("id")).as("the same event").isEqualTo(refused.json().path("id"));
        assertThat(retried.signature()).isEqualTo(hmac(retried.body()));
    }

    @Test
    void aSlowSubscriberNeverHoldsUpTheApi() throws Exception {
        next();
        hold = new CountDownLatch(1);
        try {
            String dataSource = topicsDataSource();
            for (int i = 0; i < 3; i++) {
                call("POST", "/v1/pages", "{\"parent\":{\"data_source_id\":\"" + dataSource + "\"},\"properties\":{}}");
            }
            assertThat(next().json().path("type").asText()).isEqualTo("page.created");
            assertThat(received).as("later events wait for the held one, in order").isEmpty();
        } finally {
            hold.countDown();
        }
        assertThat(next().json().path("type").asText()).isEqualTo("page.created");
        assertThat(next().json().path("type").asText()).isEqualTo("page.created");
    }

    @Test
    void withoutAGivenTokenOneIsMadeAndABadUrlIsRefusedClearly() {
        try (SandboxServer plain = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0))) {
            assertThat(plain.webhookToken()).startsWith("secret_").hasSizeGreaterThan(40);
        }
        assertThatThrownBy(() -> SandboxOptions.defaults().withWebhook("localhost:7070/webhooks", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--webhook-url must be an http:// or https:// address");
    }
}
