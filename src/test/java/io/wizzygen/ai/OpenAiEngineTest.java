package io.wizzygen.ai;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiEngineTest {

    private static final String KEY = "sk-test-abcdef123456";
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-test-2026","choices":[{"index":0,
              "message":{"role":"assistant","content":"Bonjour","refusal":null},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
            """;

    private AiEngine openAi(FakeProvider fake, String model) {
        return Engines.create(EngineSettings.forKind(EngineKind.OPENAI, Map.of()).baseUrl(fake.baseUrl() + "/v1").apiKey(KEY)
                .model(model).build(), sleeper, sleeper::now);
    }

    private AiEngine local(FakeProvider fake) {
        return Engines.create(EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE, Map.of()).baseUrl(fake.baseUrl() + "/v1")
                .model("llama3.2:3b").build(), sleeper, sleeper::now);
    }

    @Test
    void answersWithBearerKeyMaxCompletionTokensAndNoTemperatureForReasoningModels() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200, ANSWER))) {
            AiResult result = openAi(fake, "gpt-5.6-terra").generate(AiRequest.of("Translate").withSystem("Be exact")
                    .withTemperature(0.3).withMaxOutputTokens(100));
            assertThat(result.text()).isEqualTo("Bonjour");
            assertThat(result.usage()).isEqualTo(new AiResult.Usage(9, 2, 11));
            assertThat(result.model()).isEqualTo("gpt-test-2026");
            FakeProvider.Received request = fake.last();
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(request.body().path("max_completion_tokens").asInt()).isEqualTo(100);
            assertThat(request.body().has("max_tokens")).isFalse();
            assertThat(request.body().has("temperature")).isFalse();
            assertThat(request.body().at("/messages/0/role").asText()).isEqualTo("system");
            assertThat(request.body().at("/messages/1/content").asText()).isEqualTo("Translate");
        }
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200, ANSWER))) {
            openAi(fake, "gpt-4.1-mini").generate(AiRequest.of("x").withTemperature(0.3));
            assertThat(fake.last().body().path("temperature").asDouble()).isEqualTo(0.3);
        }
    }

    @Test
    void streamsDeltasAndReadsTheFinalUsageChunk() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
                "[DONE]"))) {
            List<String> pieces = new ArrayList<>();
            AiResult result = openAi(fake, "gpt-5.6-terra").stream(AiRequest.of("x"), pieces::add);
            assertThat(String.join("", pieces)).isEqualTo("Hello");
            assertThat(result.usage().totalTokens()).isEqualTo(5);
            assertThat(fake.last().body().path("stream").asBoolean()).isTrue();
            assertThat(fake.last().body().at("/stream_options/include_usage").asBoolean()).isTrue();
        }
    }

    @Test
    void rateLimitsWaitForRetryAfterButMissingCreditStops() throws Exception {
        String limited = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(429, limited, Map.of("retry-after-ms", "1500", "retry-after", "2")),
                FakeProvider.Reply.json(200, ANSWER))) {
            assertThat(openAi(fake, "gpt-5.6-terra").generate(AiRequest.of("x")).text()).isEqualTo("Bonjour");
            assertThat(sleeper.sleeps).contains(Duration.ofMillis(1500));
        }
        String noCredit = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(429, noCredit))) {
            assertThatThrownBy(() -> openAi(fake, "gpt-5.6-terra").generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
                assertThat(e.userMessage()).contains("credit");
            });
            assertThat(fake.received()).hasSize(1);
        }
    }

    @Test
    void withoutRetryAfterTheRateLimitResetHeaderSetsTheWaitAndSlowAnswersAreRetriedLater() throws Exception {
        String limited = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(429, limited,
                Map.of("x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0.5s")),
                FakeProvider.Reply.json(200, ANSWER))) {
            openAi(fake, "gpt-5.6-terra").generate(AiRequest.of("x"));
            assertThat(sleeper.sleeps).contains(Duration.ofMillis(360_500));
        }
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200, ANSWER, Map.of("x-fake-delay-ms", "800")))) {
            AiEngine slow = Engines.create(EngineSettings.forKind(EngineKind.OPENAI, Map.of()).baseUrl(fake.baseUrl()).apiKey(KEY)
                    .callTimeout(Duration.ofMillis(200)).maxTries(2).build(), sleeper, sleeper::now);
            assertThatThrownBy(() -> slow.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.RETRY_LATER);
                assertThat(e.userMessage()).contains("did not answer in time");
            });
            assertThat(fake.received()).hasSize(2);
        }
    }

    @Test
    void badKeysUnknownModelsFiltersAndRefusalsAreClassified() throws Exception {
        try (FakeProvider fake = new FakeProvider(
                FakeProvider.Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-abcdef123456.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"),
                FakeProvider.Reply.json(404, "{\"error\":{\"message\":\"The model does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"),
                FakeProvider.Reply.json(200, ANSWER.replace("\"stop\"", "\"content_filter\"")),
                FakeProvider.Reply.json(200, ANSWER.replace("\"refusal\":null", "\"refusal\":\"I can't help with that.\"")))) {
            AiEngine engine = openAi(fake, "gpt-5.6-terra");
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
                assertThat(e.userMessage()).contains("platform.openai.com").doesNotContain(KEY);
            });
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                    e -> assertThat(e.kind()).isEqualTo(AiException.Kind.STOP));
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                    e -> assertThat(e.kind()).isEqualTo(AiException.Kind.CONTENT_BLOCKED));
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.kind()).isEqualTo(AiException.Kind.CONTENT_BLOCKED);
                assertThat(e.userMessage()).contains("I can't help with that.");
            });
            assertThat(fake.received()).hasSize(4);
        }
    }

    @Test
    void aLocalServerGetsMaxTokensNoKeyAndItsModelsListed() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200, ANSWER),
                FakeProvider.Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:3b\",\"object\":\"model\"},{\"id\":\"qwen3:8b\",\"object\":\"model\"}]}"))) {
            AiEngine engine = local(fake);
            engine.generate(AiRequest.of("x").withMaxOutputTokens(50).withTemperature(0.7));
            assertThat(fake.last().header("Authorization")).isNull();
            assertThat(fake.last().body().path("max_tokens").asInt()).isEqualTo(50);
            assertThat(fake.last().body().path("temperature").asDouble()).isEqualTo(0.7);
            assertThat(engine.models()).containsExactly("llama3.2:3b", "qwen3:8b");
            assertThat(engine.testKey().ok()).isTrue();
            assertThat(fake.last().path()).isEqualTo("/v1/models");
        }
    }

    @Test
    void aModelThatRejectsTemperatureIsAskedAgainWithoutIt() throws Exception {
        try (FakeProvider fake = new FakeProvider(
                FakeProvider.Reply.json(400, "{\"error\":{\"message\":\"Unsupported value: 'temperature' does not support 0.3 with this model.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"unsupported_value\"}}"),
                FakeProvider.Reply.json(200, ANSWER))) {
            assertThat(openAi(fake, "ft:custom-model").generate(AiRequest.of("x").withTemperature(0.3)).text()).isEqualTo("Bonjour");
            assertThat(fake.received()).hasSize(2);
            assertThat(fake.received().get(0).body().has("temperature")).isTrue();
            assertThat(fake.received().get(1).body().has("temperature")).isFalse();
        }
    }

    @Test
    void onlyTheFieldTheProviderNamesIsLeftOutNeverAGuessFromTheMessageText() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(400, "{\"error\":{\"message\":\"'messages' is too long for "
                + "this temperature setting\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}"))) {
            assertThatThrownBy(() -> openAi(fake, "ft:custom-model").generate(AiRequest.of("x").withTemperature(0.3)))
                    .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.kind()).isEqualTo(AiException.Kind.FAILED));
            assertThat(fake.received()).hasSize(1);
        }
    }

    @Test
    void aProviderMessageThatEchoesTheKeyReachesNobodyWithTheKeyInIt() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(400,
                "{\"error\":{\"message\":\"Bad request from key " + KEY + "\",\"type\":\"invalid_request_error\",\"param\":null}}"))) {
            assertThatThrownBy(() -> openAi(fake, "gpt-4.1-mini").generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
                assertThat(e.userMessage()).contains("rejected the request", "••••").doesNotContain(KEY);
                assertThat(e.kind()).isEqualTo(AiException.Kind.FAILED);
            });
            assertThat(openAi(fake, "gpt-4.1-mini").testKey().message()).doesNotContain(KEY);
        }
    }

    @Test
    void settingsNeverShowTheKeyAndSayWhatIsMissing() {
        EngineSettings settings = EngineSettings.forKind(EngineKind.OPENAI, Map.of("OPENAI_API_KEY", KEY)).build();
        assertThat(settings.apiKey()).isEqualTo(KEY);
        assertThat(settings.baseUrl()).isEqualTo(EngineSettings.OPENAI_DEFAULT_BASE);
        assertThat(settings.toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> EngineSettings.forKind(EngineKind.GEMINI, Map.of()).build()).hasMessageContaining("GEMINI_API_KEY");
        assertThatThrownBy(() -> EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE, Map.of()).build()).hasMessageContaining("base URL");
        assertThat(EngineSettings.forKind(EngineKind.GEMINI, Map.of("GEMINI_API_KEY", "k", "GEMINI_BASE_URL", "http://localhost:9/")).build().baseUrl())
                .isEqualTo("http://localhost:9");
    }
}
