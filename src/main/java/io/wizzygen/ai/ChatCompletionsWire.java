package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Chat Completions wire format, for OpenAI and for OpenAI-compatible servers (Ollama, llama.cpp, vLLM,
 * LM Studio). The two differ in little: compatible servers get {@code max_tokens} instead of
 * {@code max_completion_tokens}, an optional key, and a long timeout on the first call (model loading).
 *
 * <p>Structured output goes as {@code response_format: json_schema} with {@code strict: true}. A compatible
 * server also gets the schema in the prompt: some honour {@code response_format} (Ollama 0.5+, llama.cpp,
 * vLLM, LM Studio), others ignore it silently, and a small model writes better JSON when it sees the fields
 * it must fill. What a model refuses is learnt from its 400 answers (the field OpenAI names in {@code param};
 * any 400 to a schema request from a compatible server, whose error bodies name nothing) and left out of the
 * next request: temperature for models that take only the default, the schema for servers that cannot
 * enforce one (it then stays in the prompt only).
 */
final class ChatCompletionsWire implements WireFormat {

    private final EngineSettings settings;
    private final boolean compatible;
    private final String provider;
    /** Models that said they accept only the default temperature. */
    private final Set<String> defaultTemperatureOnly = ConcurrentHashMap.newKeySet();
    /** Models whose server refused {@code response_format: json_schema}. */
    private final Set<String> noSchemaFormat = ConcurrentHashMap.newKeySet();

    ChatCompletionsWire(EngineSettings settings) {
        this.settings = settings;
        this.compatible = settings.kind() == EngineKind.OPENAI_COMPATIBLE;
        this.provider = compatible ? "The OpenAI-compatible server at " + settings.baseUrl() : "OpenAI";
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String label() {
        return (compatible ? "OpenAI-compatible" : "OpenAI") + " (" + settings.model() + ")";
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + settings.apiKey());
        }
        return headers;
    }

    @Override
    public String generateUrl(String model, boolean stream) {
        return settings.baseUrl() + "/chat/completions";
    }

    @Override
    public JsonNode body(AiRequest request, String model, boolean stream) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode().put("model", model);
        var messages = body.putArray("messages");
        if (request.system() != null && !request.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        ResponseSchema schema = request.schema();
        boolean schemaFormat = schema != null && !noSchemaFormat.contains(model);
        boolean schemaInPrompt = schema != null && (compatible || !schemaFormat);
        messages.addObject().put("role", "user").put("content", schemaInPrompt
                ? request.prompt() + "\n\n" + schema.promptInstruction() : request.prompt());
        if (request.maxOutputTokens() != null) {
            body.put(compatible ? "max_tokens" : "max_completion_tokens", request.maxOutputTokens());
        }
        if (request.temperature() != null && acceptsTemperature(model)) {
            body.put("temperature", request.temperature());
        }
        if (schemaFormat) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", schema.name()).put("strict", true).set("schema", schema.schema());
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    @Override
    public Optional<AiRequest> retryAfter(Refusal refusal, AiRequest request, String model) {
        if (refusal.status() != 400) {
            return Optional.empty();
        }
        String param = refusal.body().path("error").path("param").asText("");
        // Judged by what the refused request carried: calls refused at once all retry, not only the first to learn.
        if (param.equals("temperature") && refusal.sent("temperature")) {
            defaultTemperatureOnly.add(model);
            return Optional.of(request);
        }
        if ((compatible || param.startsWith("response_format")) && refusal.sent("response_format")) {
            noSchemaFormat.add(model);
            return Optional.of(request);
        }
        return Optional.empty();
    }

    @Override
    public Answer answer(String model) {
        return new ChatAnswer(model);
    }

    @Override
    public String modelsUrl(String pageToken) {
        return settings.baseUrl() + "/models";
    }

    @Override
    public ModelPage models(JsonNode page) {
        // Only an answer shaped as a model list counts as one: any other JSON a URL returns is not shown as model names.
        if (!page.path("object").asText().equals("list") || !page.path("data").isArray()) {
            throw AiException.of(AiException.Kind.FAILED, provider + " answered, but not with a list of models. Check the base URL.");
        }
        List<String> models = new ArrayList<>();
        page.path("data").forEach(model -> {
            if (model.path("object").asText().equals("model") && model.path("id").isTextual()) {
                models.add(model.path("id").asText());
            }
        });
        models.sort(String::compareTo);
        return new ModelPage(models, null);
    }

    /** Listing models costs nothing and proves the key; the model must be among them. */
    @Override
    public AiEngine.KeyCheck checkKey(Function<String, JsonNode> getJson, Supplier<List<String>> listModels) {
        List<String> models = listModels.get();
        if (!models.contains(settings.model())) {
            return new AiEngine.KeyCheck(false, "The key works, but " + (compatible ? "the server" : "OpenAI") + " has no model \""
                    + settings.model() + "\". Choose one of: " + String.join(", ", models.subList(0, Math.min(10, models.size()))));
        }
        return new AiEngine.KeyCheck(true, (compatible ? "The server answers" : "The OpenAI key works") + " and the model "
                + settings.model() + " is available.");
    }

    /** Reasoning models (o-series, gpt-5 and later) take only the default temperature; so do models that told us. */
    private boolean acceptsTemperature(String model) {
        if (defaultTemperatureOnly.contains(model)) {
            return false;
        }
        return compatible || !model.matches("^(o\\d|gpt-[5-9]|gpt-\\d{2}).*");
    }

    private final class ChatAnswer implements Answer {
        private final StringBuilder text = new StringBuilder();
        private String finishReason = "";
        private String refusal;
        private JsonNode usage;
        private String model;

        ChatAnswer(String model) {
            this.model = model;
        }

        @Override
        public void whole(JsonNode answer) {
            JsonNode choice = answer.path("choices").path(0);
            text.append(choice.path("message").path("content").asText(""));
            refusal = choice.path("message").hasNonNull("refusal") ? choice.path("message").path("refusal").asText() : null;
            finishReason = choice.path("finish_reason").asText("");
            usage = answer.get("usage");
            model = answer.path("model").asText(model);
        }

        @Override
        public void chunk(JsonNode chunk, Consumer<String> onText) {
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            if (delta.hasNonNull("content")) {
                String piece = delta.get("content").asText();
                text.append(piece);
                onText.accept(piece);
            }
            if (delta.hasNonNull("refusal")) {
                refusal = (refusal == null ? "" : refusal) + delta.get("refusal").asText();
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
            }
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
            }
            model = chunk.path("model").asText(model);
        }

        @Override
        public AiResult result(Duration latency) {
            if (refusal != null && !refusal.isBlank()) {
                throw AiException.of(AiException.Kind.CONTENT_BLOCKED, "The model refused: " + refusal);
            }
            if (finishReason.equals("content_filter")) {
                throw AiException.of(AiException.Kind.CONTENT_BLOCKED, provider + " filtered the answer (content policy). "
                        + "Rephrase the prompt or the row's text.");
            }
            AiResult.Usage tokens = usage == null ? AiResult.Usage.NONE : new AiResult.Usage(usage.path("prompt_tokens").asLong(),
                    usage.path("completion_tokens").asLong(), usage.path("total_tokens").asLong());
            if (finishReason.equals("length") && text.isEmpty()) {
                throw AiException.of(AiException.Kind.FAILED, "The model used its whole output budget (" + tokens.outputTokens()
                        + " tokens, reasoning included) and wrote nothing. Raise the maximum output tokens.");
            }
            AiResult.FinishReason reason = switch (finishReason) {
                case "stop", "" -> AiResult.FinishReason.STOP;
                case "length" -> AiResult.FinishReason.LENGTH;
                default -> AiResult.FinishReason.OTHER;
            };
            return new AiResult(text.toString(), reason, tokens, model, latency);
        }
    }

    /** OpenAI's reset durations: "12ms", "1s", "6m0s", "1h2m3.5s". */
    static Optional<Duration> parseReset(String text) {
        java.util.regex.Matcher part = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(text.strip());
        double millis = 0;
        boolean any = false;
        while (part.find()) {
            any = true;
            double value = Double.parseDouble(part.group(1));
            millis += switch (part.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1000;
                case "m" -> value * 60_000;
                default -> value * 3_600_000;
            };
        }
        return any ? Optional.of(Duration.ofMillis((long) millis)) : Optional.empty();
    }

    @Override
    public AiException error(Refusal refusal, String model) {
        int status = refusal.status();
        JsonNode error = refusal.body().path("error");
        String message = error.isTextual() ? error.asText() : error.path("message").asText("HTTP " + status);
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        Optional<Duration> retryAfter = ProviderHttp.retryAfter(refusal.response())
                .or(() -> refusal.response().headers().firstValue("x-ratelimit-reset-requests").flatMap(ChatCompletionsWire::parseReset));
        if (status == 401) {
            return new AiException(AiException.Kind.STOP, compatible
                    ? provider + " refused the API key. Check the key the server expects (Settings)."
                    : "The OpenAI API key is not valid: create one at https://platform.openai.com/api-keys and paste it in Settings.",
                    status, Optional.empty());
        }
        if (status == 429 && (code.equals("insufficient_quota") || type.equals("insufficient_quota"))) {
            return new AiException(AiException.Kind.STOP, "The OpenAI account has no credit left: add credit at "
                    + "https://platform.openai.com/settings/organization/billing, then try again.", status, Optional.empty());
        }
        if (status == 404 || code.equals("model_not_found")) {
            return new AiException(AiException.Kind.STOP, provider + " has no model \"" + model + "\". Choose another model in Settings.",
                    status, Optional.empty());
        }
        if (status == 403) {
            return new AiException(AiException.Kind.STOP, provider + " refused access: " + message, status, Optional.empty());
        }
        if (status == 429 || status == 408 || status == 409 || status >= 500) {
            return new AiException(AiException.Kind.RETRY_LATER, status == 429
                    ? provider + " rate limit was reached; Wizzygen waits and retries."
                    : provider + " is having trouble (HTTP " + status + "). Try again in a few minutes.", status, retryAfter);
        }
        return new AiException(AiException.Kind.FAILED, provider + " rejected the request: " + message, status, Optional.empty());
    }
}
