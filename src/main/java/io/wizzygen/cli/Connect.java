package io.wizzygen.cli;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.notion.NotionClient;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The options every command that talks to Notion and an AI shares, resolved as flags > environment
 * (saved settings come with the web app's store).
 */
final class Connect {

    @Option(names = "--engine", paramLabel = "ENGINE", description = "gemini, openai, openai-compatible or demo "
            + "(default: gemini when GEMINI_API_KEY is set, else openai when OPENAI_API_KEY is set).")
    String engine;

    @Option(names = "--model", paramLabel = "M", description = "Model name (default: the engine's configured default).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "The AI engine's base URL (required for openai-compatible, e.g. http://localhost:11434/v1).")
    String baseUrl;

    NotionClient notion() {
        return NotionClient.builder().build();
    }

    AiEngine engine() {
        return engine(System.getenv());
    }

    AiEngine engine(Map<String, String> env) {
        EngineKind kind;
        if (engine != null) {
            kind = EngineKind.parse(engine);
        } else if (present(env.get("GEMINI_API_KEY"))) {
            kind = EngineKind.GEMINI;
        } else if (present(env.get("OPENAI_API_KEY"))) {
            kind = EngineKind.OPENAI;
        } else {
            throw new IllegalArgumentException("No AI engine is configured: set GEMINI_API_KEY or OPENAI_API_KEY, or choose one "
                    + "with --engine (--engine demo works offline).");
        }
        return Engines.create(EngineSettings.forKind(kind).model(model).baseUrl(baseUrl).build());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
