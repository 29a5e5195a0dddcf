package io.wizzygen.ai;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiEngineTest {

    private static final String KEY = "AIzaSy-test-key-123456";
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private AiEngine engine(FakeProvider fake) {
        EngineSettings settings = EngineSettings.forKind(EngineKind.GEMINI, Map.of()).baseUrl(fake.baseUrl()).apiKey(KEY)
                .model("gemini-test").build();
        return Engines.create(settings, sleeper, sleeper::now);
    }

    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"Hello "},{"text":"world"}]},
              "finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"thoughtsTokenCount":5,"totalTokenCount":20},
             "modelVersion":"gemini-test-001"}
            """;

    @Test
    void answersWithTextUsageAndTheKeyOnlyInItsHeader() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200, ANSWER))) {
            AiResult result = engine(fake).generate(AiRequest.of("Say hello").withSystem("Be brief").withTemperature(0.2).withMaxOutputTokens(64));
            assertThat(result.text()).isEqualTo("Hello world");
            assertThat(result.finishReason()).isEqualTo(AiResult.FinishReason.STOP);
            assertThat(result.usage()).isEqualTo(new AiResult.Usage(12, 8, 20));
            assertThat(result.model()).isEqualTo("gemini-test-001");

            FakeProvider.Received request = fake.last();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1beta/models/gemini-test:generateContent");
            assertThat(request.query()).isNull();
            assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
            assertThat(request.body().at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief");
            assertThat(request.body().at("/contents/0/role").asText()).isEqualTo("user");
            assertThat(request.body().at("/contents/0/parts/0/text").asText()).isEqualTo("Say hello");
            assertThat(request.body().at("/generationConfig/temperature").asDouble()).isEqualTo(0.2);
            assertThat(request.body().at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
        }
    }

    @Test
    void streamsTextAsItArrivesOverServerSentEvents() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.sse(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"plan\",\"thought\":true}]}}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"# Title\\n\"}]}}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Body\"}]},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":6,\"totalTokenCount\":10}}"))) {
            List<String> pieces = new ArrayList<>();
            AiResult result = engine(fake).stream(AiRequest.of("Write"), pieces::add);
            assertThat(pieces).containsExactly("# Title\n", "Body");
            assertThat(result.text()).isEqualTo("# Title\nBody");
            assertThat(result.usage().totalTokens()).isEqualTo(10);
            assertThat(fake.last().path()).isEqualTo("/v1beta/models/gemini-test:streamGenerateContent");
            assertThat(fake.last().query()).isEqualTo("alt=sse");
        }
    }

    @Test
    void blockedPromptsAndSafetyStopsAreContentBlocked() throws Exception {
        try (FakeProvider fake = new FakeProvider(
                FakeProvider.Reply.json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"),
                FakeProvider.Reply.json(200, "{\"candidates\":[{\"finishReason\":\"RECITATION\"}]}"))) {
            AiEngine engine = engine(fake);
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                    e -> assertThat(e.kind()).isEqualTo(AiException.Kind.CONTENT_BLOCKED));
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.CONTENT_BLOCKED);
                assertThat(e.userMessage()).contains("RECITATION");
            });
            assertThat(fake.received()).hasSize(2);
        }
    }

    @Test
    void maxTokensWithNoTextSaysThinkingAteTheBudget() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200,
                "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":5,\"thoughtsTokenCount\":64,\"totalTokenCount\":69}}"))) {
            assertThatThrownBy(() -> engine(fake).generate(AiRequest.of("x").withMaxOutputTokens(64)))
                    .isInstanceOfSatisfying(AiException.class, e -> {
                        assertThat(e.kind()).isEqualTo(AiException.Kind.FAILED);
                        assertThat(e.userMessage()).contains("thinking", "Raise the maximum output tokens");
                    });
        }
    }

    @Test
    void anInvalidKeyStopsWithoutRetryAndWithoutShowingTheKey() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key. (AIzaSy-test-key-123456)","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}
                """))) {
            assertThatThrownBy(() -> engine(fake).generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
                assertThat(e.userMessage()).contains("aistudio.google.com").doesNotContain(KEY);
            });
            assertThat(fake.received()).hasSize(1);
        }
    }

    @Test
    void aPerMinuteQuotaIsRetriedAfterGooglesRetryDelayButADailyQuotaStops() throws Exception {
        String perMinute = """
                {"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED","details":[
                 {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
                   "quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
                 {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}
                """;
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(429, perMinute), FakeProvider.Reply.json(200, ANSWER))) {
            assertThat(engine(fake).generate(AiRequest.of("x")).text()).isEqualTo("Hello world");
            assertThat(sleeper.sleeps).contains(Duration.ofSeconds(37));
            assertThat(fake.received()).hasSize(2);
        }
        String perDay = perMinute.replace("PerMinute", "PerDay");
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(429, perDay))) {
            assertThatThrownBy(() -> engine(fake).generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
                assertThat(e.userMessage()).contains("daily quota");
            });
            assertThat(fake.received()).hasSize(1);
        }
    }

    @Test
    void overloadIsRetriedWithBackoffAndAnUnknownModelStops() throws Exception {
        String unavailable = "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}";
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(503, unavailable), FakeProvider.Reply.json(503, unavailable),
                FakeProvider.Reply.json(200, ANSWER))) {
            engine(fake).generate(AiRequest.of("x"));
            assertThat(fake.received()).hasSize(3);
            assertThat(sleeper.sleeps).filteredOn(d -> !d.isZero()).hasSize(2);
        }
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(404,
                "{\"error\":{\"code\":404,\"message\":\"models/gemini-test is not found\",\"status\":\"NOT_FOUND\"}}"))) {
            assertThatThrownBy(() -> engine(fake).generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
                assertThat(e.userMessage()).contains("gemini-test", "Settings");
            });
        }
    }

    @Test
    void listsTextModelsAcrossPagesAndTestsTheKeyWithAFreeCall() throws Exception {
        try (FakeProvider fake = new FakeProvider(
                FakeProvider.Reply.json(200, "{\"models\":[{\"name\":\"models/gemini-a\",\"supportedGenerationMethods\":[\"generateContent\"]},"
                        + "{\"name\":\"models/embed\",\"supportedGenerationMethods\":[\"embedContent\"]}],\"nextPageToken\":\"p2\"}"),
                FakeProvider.Reply.json(200, "{\"models\":[{\"name\":\"models/gemini-b\",\"supportedGenerationMethods\":[\"generateContent\"]}]}"),
                FakeProvider.Reply.json(200, "{\"name\":\"models/gemini-test\"}"))) {
            AiEngine engine = engine(fake);
            assertThat(engine.models()).containsExactly("gemini-a", "gemini-b");
            assertThat(fake.received().get(1).query()).contains("pageToken=p2");
            AiEngine.KeyCheck check = engine.testKey();
            assertThat(check.ok()).isTrue();
            assertThat(fake.last().path()).isEqualTo("/v1beta/models/gemini-test");
            assertThat(fake.last().header("x-goog-api-key")).isEqualTo(KEY);
        }
    }
}
