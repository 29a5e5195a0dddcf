package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake providers that speak the structured-output wire formats: each request's schema is checked against the
 * provider's own rules (OpenAI's strict mode, Gemini's OpenAPI subset), a request that breaks them gets the
 * provider's 400 and is recorded in {@link #problems()} (a Chat Completions request without {@code response_format}
 * is plain text to them, and is answered), and the answers are the given texts in order (the last
 * repeats) in the provider's envelope, each using 100 input and 20 output tokens.
 */
public final class StructuredFakes implements AutoCloseable {

    /** The provider a fake plays. */
    public enum Wire {
        OPENAI, GEMINI,
        /** An OpenAI-compatible server that enforces {@code response_format: json_schema} (Ollama 0.5+, llama.cpp, vLLM). */
        OPENAI_COMPATIBLE,
        /** An OpenAI-compatible server that refuses {@code response_format: json_schema} with a 400. */
        OPENAI_COMPATIBLE_WITHOUT_SCHEMA
    }

    public static final long INPUT_TOKENS = 100;
    public static final long OUTPUT_TOKENS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPENAI_FORMATS = Set.of("date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid");
    private static final Set<String> OPENAI_KEYWORDS = Set.of("type", "description", "enum", "const", "properties", "required",
            "additionalProperties", "items", "anyOf", "pattern", "format", "minItems", "maxItems", "minimum", "maximum", "title");
    private static final Set<String> GEMINI_KEYWORDS = Set.of("type", "format", "description", "nullable", "enum", "items", "properties",
            "required", "propertyOrdering", "minItems", "maxItems");
    private static final Set<String> GEMINI_TYPES = Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");

    private final Wire wire;
    private final List<String> answers;
    private final AtomicInteger answered = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final FakeProvider server;

    private StructuredFakes(Wire wire, List<String> answers) throws IOException {
        this.wire = wire;
        this.answers = List.copyOf(answers);
        this.server = new FakeProvider(this::reply);
    }

    public static StructuredFakes start(Wire wire, String... answers) {
        try {
            return new StructuredFakes(wire, List.of(answers));
        } catch (IOException e) {
            throw new IllegalStateException("The fake provider could not start", e);
        }
    }

    /** An engine of the fake's kind, built as the app builds engines. */
    public AiEngine engine() {
        EngineSettings.Builder settings = switch (wire) {
            case OPENAI -> EngineSettings.forKind(EngineKind.OPENAI, java.util.Map.of()).apiKey("sk-fake").model("gpt-4.1-mini")
                    .baseUrl(server.baseUrl() + "/v1");
            case GEMINI -> EngineSettings.forKind(EngineKind.GEMINI, java.util.Map.of()).apiKey("fake-key").model("gemini-test")
                    .baseUrl(server.baseUrl());
            default -> EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE, java.util.Map.of()).model("llama3.2:3b")
                    .baseUrl(server.baseUrl() + "/v1");
        };
        return Engines.create(settings.build());
    }

    /**
     * What was wrong with the requests, in the provider's eyes (empty when every schema was sent as it wants). A
     * server without schema support refusing {@code response_format} is its nature, not a problem of the request.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<FakeProvider.Received> received() {
        return server.received();
    }

    /** The user prompt of each request, in order. */
    public List<String> prompts() {
        return received().stream().map(request -> wire == Wire.GEMINI
                ? request.body().at("/contents/0/parts/0/text").asText()
                : request.body().at("/messages").get(request.body().at("/messages").size() - 1).path("content").asText()).toList();
    }

    /** How many answers the fake gave (refusals not counted). */
    public int answered() {
        return answered.get();
    }

    private FakeProvider.Reply reply(FakeProvider.Received request) {
        if (wire == Wire.OPENAI_COMPATIBLE_WITHOUT_SCHEMA && request.body().has("response_format")) {
            return refusal("response_format json_schema is not supported");
        }
        List<String> found = wire == Wire.GEMINI ? geminiProblems(request.body()) : chatProblems(request.body());
        if (!found.isEmpty()) {
            problems.addAll(found);
            return refusal(String.join("; ", found));
        }
        int index = answered.getAndIncrement();
        String text = answers.get(Math.min(index, answers.size() - 1));
        return FakeProvider.Reply.json(200, wire == Wire.GEMINI ? geminiAnswer(text) : chatAnswer(text));
    }

    private List<String> chatProblems(JsonNode body) {
        JsonNode format = body.path("response_format");
        List<String> found = new ArrayList<>();
        if (format.isMissingNode()) {
            return found;
        }
        if (!format.path("type").asText().equals("json_schema")) {
            found.add("response_format.type should be json_schema");
        }
        JsonNode spec = format.path("json_schema");
        if (!spec.path("name").asText().matches("[A-Za-z0-9_-]{1,64}")) {
            found.add("json_schema.name is invalid");
        }
        if (!spec.path("strict").asBoolean(false)) {
            found.add("json_schema.strict should be true");
        }
        strictProblems(spec.path("schema"), "schema", found);
        return found;
    }

    /** OpenAI's strict-mode rules, applied to every level of the schema. */
    public static void strictProblems(JsonNode schema, String at, List<String> found) {
        if (!schema.isObject()) {
            found.add(at + " is not a schema object");
            return;
        }
        schema.fieldNames().forEachRemaining(key -> {
            if (!OPENAI_KEYWORDS.contains(key)) {
                found.add(at + " uses '" + key + "', which strict mode does not support");
            }
        });
        if (schema.has("format") && !OPENAI_FORMATS.contains(schema.get("format").asText())) {
            found.add(at + ": '" + schema.get("format").asText() + "' is not a valid format");
        }
        if (schema.has("properties")) {
            if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                found.add(at + " needs additionalProperties: false");
            }
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            schema.get("properties").properties().forEach(property -> {
                if (!required.contains(property.getKey())) {
                    found.add(at + "." + property.getKey() + " is not in required");
                }
                strictProblems(property.getValue(), at + "." + property.getKey(), found);
            });
        }
        if (schema.has("items")) {
            strictProblems(schema.get("items"), at + "[]", found);
        }
    }

    private static List<String> geminiProblems(JsonNode body) {
        JsonNode config = body.path("generationConfig");
        List<String> found = new ArrayList<>();
        if (!config.path("responseMimeType").asText().equals("application/json")) {
            found.add("responseMimeType should be application/json");
        }
        if (config.has("responseJsonSchema")) {
            found.add("responseSchema and responseJsonSchema cannot both be set");
        }
        geminiSchemaProblems(config.path("responseSchema"), "response_schema", found);
        return found;
    }

    /** Gemini's OpenAPI subset: its keywords only, one type from its enum, property ordering naming every property. */
    public static void geminiSchemaProblems(JsonNode schema, String at, List<String> found) {
        if (!schema.isObject()) {
            found.add(at + " is missing");
            return;
        }
        schema.fieldNames().forEachRemaining(key -> {
            if (!GEMINI_KEYWORDS.contains(key)) {
                found.add("Unknown name \"" + key + "\" at '" + at + "': Cannot find field.");
            }
        });
        if (!schema.path("type").isTextual() || !GEMINI_TYPES.contains(schema.path("type").asText().toUpperCase(Locale.ROOT))) {
            found.add(at + ".type should be one of " + GEMINI_TYPES + ", got " + schema.path("type"));
        }
        if (schema.has("enum")) {
            schema.get("enum").forEach(value -> {
                if (!value.isTextual()) {
                    found.add(at + ".enum holds a value that is not a string: " + value);
                }
            });
        }
        if (schema.has("properties")) {
            List<String> names = new ArrayList<>();
            schema.get("properties").properties().forEach(property -> {
                names.add(property.getKey());
                geminiSchemaProblems(property.getValue(), at + ".properties." + property.getKey(), found);
            });
            List<String> ordering = new ArrayList<>();
            schema.path("propertyOrdering").forEach(name -> ordering.add(name.asText()));
            if (schema.has("propertyOrdering") && !ordering.equals(names)) {
                found.add(at + ".propertyOrdering " + ordering + " does not list the properties " + names);
            }
            schema.path("required").forEach(name -> {
                if (!names.contains(name.asText())) {
                    found.add(at + ".required names an unknown property " + name);
                }
            });
        }
        if (schema.has("items")) {
            geminiSchemaProblems(schema.get("items"), at + ".items", found);
        }
    }

    /** Where {@code json} breaks {@code schema}, by a JSON Schema validator (draft 2020-12) that is not ours. */
    public static List<String> schemaErrors(JsonNode schema, String json) {
        var compiled = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(schema.toString(), com.networknt.schema.InputFormat.JSON);
        return compiled.validate(json, com.networknt.schema.InputFormat.JSON).stream().map(Object::toString).toList();
    }

    private FakeProvider.Reply refusal(String message) {
        ObjectNode error = JSON.createObjectNode();
        switch (wire) {
            case GEMINI -> error.putObject("error").put("code", 400).put("message", "Invalid JSON payload received. " + message)
                    .put("status", "INVALID_ARGUMENT");
            case OPENAI -> error.putObject("error").put("message", "Invalid schema for response_format: " + message)
                    .put("type", "invalid_request_error").put("param", "response_format").putNull("code");
            // llama.cpp's error body: no param to say which field was wrong.
            default -> error.putObject("error").put("code", 400).put("message", message).put("type", "invalid_request_error");
        }
        return FakeProvider.Reply.json(400, error.toString());
    }

    private static String chatAnswer(String text) {
        ObjectNode answer = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", "fake-model");
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
        answer.putObject("usage").put("prompt_tokens", INPUT_TOKENS).put("completion_tokens", OUTPUT_TOKENS)
                .put("total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
        return answer.toString();
    }

    private static String geminiAnswer(String text) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode candidate = answer.putArray("candidates").addObject().put("finishReason", "STOP");
        candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
        answer.putObject("usageMetadata").put("promptTokenCount", INPUT_TOKENS).put("candidatesTokenCount", OUTPUT_TOKENS)
                .put("totalTokenCount", INPUT_TOKENS + OUTPUT_TOKENS);
        answer.put("modelVersion", "gemini-test-001");
        return answer.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
