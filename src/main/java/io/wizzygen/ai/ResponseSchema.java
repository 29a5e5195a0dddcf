package io.wizzygen.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * The JSON object an answer must be: a name and a JSON Schema in the form OpenAI's strict mode accepts (every
 * property required, {@code additionalProperties: false}, "may be empty" as a type array with {@code "null"},
 * string formats only from OpenAI's list). Each engine hands it over in its own way: OpenAI's
 * {@code response_format}, Gemini's {@code responseSchema} (translated to its OpenAPI subset), or, where a server
 * cannot enforce a schema, {@link #promptInstruction()} added to the prompt.
 */
public record ResponseSchema(String name, ObjectNode schema) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ResponseSchema {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A response schema's name must be 1 to 64 letters, digits, '_' or '-', got \"" + name + "\".");
        }
        if (schema == null || !"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("A response schema must describe a JSON object (\"type\": \"object\").");
        }
        schema = schema.deepCopy();
    }

    /** A copy of the schema, safe to change. */
    @Override
    public ObjectNode schema() {
        return schema.deepCopy();
    }

    /** What to add to the prompt of an engine that cannot enforce the schema itself. */
    public String promptInstruction() {
        try {
            return "Answer with one JSON object and nothing else: no Markdown, no code fence, no comments. It must match this "
                    + "JSON Schema (each property's description says what to write in it):\n"
                    + ProviderHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }
}
