package io.wizzygen.ai;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/** Opt-in checks against the real providers; they run only where a key is set (never in CI). */
class RealProvidersTest {

    @Test
    @EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
    void geminiAnswersWithTheUsersKey() {
        AiEngine engine = Engines.create(EngineSettings.forKind(EngineKind.GEMINI, System.getenv()).build());
        assertThat(engine.testKey().ok()).as(engine.testKey().message()).isTrue();
        assertThat(engine.generate(AiRequest.of("Reply with the single word: ready").withMaxOutputTokens(1024)).text()).isNotBlank();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void openAiAnswersWithTheUsersKey() {
        AiEngine engine = Engines.create(EngineSettings.forKind(EngineKind.OPENAI, System.getenv()).build());
        assertThat(engine.models()).isNotEmpty();
        assertThat(engine.generate(AiRequest.of("Reply with the single word: ready").withMaxOutputTokens(1024)).text()).isNotBlank();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
    void aLocalOllamaAnswers() {
        AiEngine probe = Engines.create(EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE).baseUrl(System.getenv("OLLAMA_BASE_URL"))
                .model("any").build());
        String model = probe.models().getFirst();
        AiEngine engine = Engines.create(EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE).baseUrl(System.getenv("OLLAMA_BASE_URL"))
                .model(model).build());
        assertThat(engine.generate(AiRequest.of("Reply with the single word: ready").withMaxOutputTokens(256)).text()).isNotBlank();
    }
}
