package io.wizzygen.ai;

import java.util.Map;

/**
 * One generation: system instruction, prompt, model (null = the engine's configured model), temperature and
 * max output tokens (null = the provider's default), an optional {@link ResponseSchema} the answer must fit (null =
 * free text), and the row values the prompt was rendered from (empty for a page; only the demo engine looks at them).
 */
public record AiRequest(String system, String prompt, String model, Double temperature, Integer maxOutputTokens,
                        ResponseSchema schema, Map<String, String> rowValues) {

    public AiRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("The prompt is empty: write what the AI should produce.");
        }
        rowValues = rowValues == null ? Map.of() : Map.copyOf(rowValues);
    }

    public static AiRequest of(String prompt) {
        return new AiRequest(null, prompt, null, null, null, null, Map.of());
    }

    public AiRequest withSystem(String newSystem) {
        return new AiRequest(newSystem, prompt, model, temperature, maxOutputTokens, schema, rowValues);
    }

    public AiRequest withModel(String newModel) {
        return new AiRequest(system, prompt, newModel, temperature, maxOutputTokens, schema, rowValues);
    }

    public AiRequest withTemperature(Double newTemperature) {
        return new AiRequest(system, prompt, model, newTemperature, maxOutputTokens, schema, rowValues);
    }

    public AiRequest withMaxOutputTokens(Integer tokens) {
        return new AiRequest(system, prompt, model, temperature, tokens, schema, rowValues);
    }

    public AiRequest withSchema(ResponseSchema newSchema) {
        return new AiRequest(system, prompt, model, temperature, maxOutputTokens, newSchema, rowValues);
    }

    public AiRequest withPrompt(String newPrompt) {
        return new AiRequest(system, newPrompt, model, temperature, maxOutputTokens, schema, rowValues);
    }

    public AiRequest withRowValues(Map<String, String> values) {
        return new AiRequest(system, prompt, model, temperature, maxOutputTokens, schema, values);
    }
}
