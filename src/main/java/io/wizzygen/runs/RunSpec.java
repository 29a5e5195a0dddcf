package io.wizzygen.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run was asked to do, kept with it so that any worker can (re)start it: the link, the prompt and the
 * connection's run options at the time (mode, withPageText, model, temperature, output, checkbox, onlyEmpty).
 */
public record RunSpec(String url, String prompt, Map<String, String> options) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String name) {
        String value = options.get(name);
        return value == null ? "" : value;
    }

    /** An option that is blank means "choose for me": null. */
    String optionOrNull(String name) {
        String value = option(name);
        return value.isBlank() ? null : value;
    }

    public boolean flag(String name) {
        return option(name).equals("on");
    }

    /** The temperature, checked when the run was asked for (null: the engine's default). */
    Double temperature() {
        String text = option("temperature").strip();
        return text.isEmpty() ? null : Double.valueOf(text);
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("prompt", prompt);
        json.put("options", options);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunSpec fromJson(String text) {
        try {
            Map<String, Object> json = JSON.readValue(text, new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            Map<String, String> options = (Map<String, String>) json.getOrDefault("options", Map.of());
            return new RunSpec((String) json.get("url"), (String) json.get("prompt"), options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored run's spec cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
