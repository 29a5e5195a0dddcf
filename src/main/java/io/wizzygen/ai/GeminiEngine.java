package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gemini's native API: {@code generateContent} and {@code streamGenerateContent?alt=sse}, the key in the
 * {@code x-goog-api-key} header (never in the URL), safety and thinking-token outcomes, and Google's error
 * details (ErrorInfo, QuotaFailure per day vs per minute, RetryInfo).
 */
final class GeminiEngine implements AiEngine {

    private static final Set<String> BLOCKED_FINISH = Set.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY");

    private final EngineSettings settings;
    private final ProviderHttp http;

    GeminiEngine(EngineSettings settings) {
        this.settings = settings;
        this.http = new ProviderHttp("Gemini", settings.connectTimeout(), settings.apiKey(), settings.egress());
    }

    @Override
    public EngineKind kind() {
        return EngineKind.GEMINI;
    }

    @Override
    public String label() {
        return "Gemini (" + settings.model() + ")";
    }

    @Override
    public AiResult generate(AiRequest request) {
        String model = model(request);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send("POST", url(model, ":generateContent"), headers(), body(request), settings.callTimeout());
        JsonNode answer = http.parse(response.body());
        if (response.statusCode() != 200) {
            throw error(response, answer, model);
        }
        Accumulator accumulator = new Accumulator();
        accumulator.add(answer, text -> {
        });
        return accumulator.result(model, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        String model = model(request);
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.sendStreaming(url(model, ":streamGenerateContent?alt=sse"), headers(), body(request),
                settings.callTimeout());
        if (response.statusCode() != 200) {
            String text = ProviderHttp.readAll(response.body());
            throw error(response, http.parse(text), model);
        }
        Accumulator accumulator = new Accumulator();
        http.readEvents(response.body(), data -> accumulator.add(http.parse(data), onText));
        return accumulator.result(model, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public List<String> models() {
        List<String> models = new ArrayList<>();
        String pageToken = null;
        do {
            String url = settings.baseUrl() + "/v1beta/models?pageSize=1000"
                    + (pageToken == null ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send("GET", url, headers(), null, settings.callTimeout());
            JsonNode answer = http.parse(response.body());
            if (response.statusCode() != 200) {
                throw error(response, answer, settings.model());
            }
            for (JsonNode model : answer.path("models")) {
                boolean generates = false;
                for (JsonNode method : model.path("supportedGenerationMethods")) {
                    generates |= method.asText().equals("generateContent");
                }
                if (generates) {
                    models.add(model.path("name").asText().replaceFirst("^models/", ""));
                }
            }
            pageToken = answer.path("nextPageToken").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return models;
    }

    /** Reading the model's description is free and proves both the key and the model name. */
    @Override
    public KeyCheck testKey() {
        try {
            String model = settings.model();
            HttpResponse<String> response = http.send("GET", settings.baseUrl() + "/v1beta/models/" + encode(model), headers(), null,
                    settings.callTimeout());
            if (response.statusCode() != 200) {
                throw error(response, http.parse(response.body()), model);
            }
            return new KeyCheck(true, "The Gemini key works and the model " + model + " is available.");
        } catch (AiException e) {
            return new KeyCheck(false, e.userMessage());
        }
    }

    private String model(AiRequest request) {
        String model = request.model() != null && !request.model().isBlank() ? request.model() : settings.model();
        return model.replaceFirst("^models/", "");
    }

    private String url(String model, String action) {
        return settings.baseUrl() + "/v1beta/models/" + encode(model) + action;
    }

    private static String encode(String model) {
        return URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Map<String, String> headers() {
        return Map.of("x-goog-api-key", settings.apiKey() == null ? "" : settings.apiKey());
    }

    private static ObjectNode body(AiRequest request) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode();
        if (request.system() != null && !request.system().isBlank()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        }
        ObjectNode content = body.putArray("contents").addObject().put("role", "user");
        content.putArray("parts").addObject().put("text", request.prompt());
        ObjectNode config = ProviderHttp.JSON.createObjectNode();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.maxOutputTokens() != null) {
            config.put("maxOutputTokens", request.maxOutputTokens());
        }
        if (request.jsonSchema() != null) {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", request.jsonSchema());
        }
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /** Collects text, finish reason and usage over one answer or the chunks of a stream. */
    private final class Accumulator {
        private final StringBuilder text = new StringBuilder();
        private String finishReason = "";
        private String blockReason;
        private JsonNode usage;
        private String modelVersion;

        void add(JsonNode chunk, Consumer<String> onText) {
            if (chunk.path("promptFeedback").hasNonNull("blockReason")) {
                blockReason = chunk.path("promptFeedback").path("blockReason").asText();
            }
            JsonNode candidate = chunk.path("candidates").path(0);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (!part.path("thought").asBoolean(false) && part.hasNonNull("text")) {
                    String piece = part.get("text").asText();
                    text.append(piece);
                    onText.accept(piece);
                }
            }
            if (candidate.hasNonNull("finishReason")) {
                finishReason = candidate.get("finishReason").asText();
            }
            if (chunk.has("usageMetadata")) {
                usage = chunk.get("usageMetadata");
            }
            if (chunk.hasNonNull("modelVersion")) {
                modelVersion = chunk.get("modelVersion").asText();
            }
        }

        AiResult result(String model, Duration latency) {
            if (blockReason != null) {
                throw AiException.of(AiException.Kind.CONTENT_BLOCKED, "Gemini refused the prompt (" + blockReason
                        + "). Rephrase the prompt or the row's text.");
            }
            if (BLOCKED_FINISH.contains(finishReason)) {
                throw AiException.of(AiException.Kind.CONTENT_BLOCKED, "Gemini stopped the answer for " + finishReason
                        + (finishReason.equals("RECITATION") ? " (it would have quoted protected text)" : " (safety)")
                        + ". Rephrase the prompt or the row's text.");
            }
            AiResult.Usage tokens = usage == null ? AiResult.Usage.NONE : new AiResult.Usage(usage.path("promptTokenCount").asLong(),
                    usage.path("candidatesTokenCount").asLong() + usage.path("thoughtsTokenCount").asLong(), usage.path("totalTokenCount").asLong());
            if (finishReason.equals("MAX_TOKENS") && text.isEmpty()) {
                throw AiException.of(AiException.Kind.FAILED, "Gemini spent the whole output budget on thinking ("
                        + tokens.outputTokens() + " tokens) and wrote nothing. Raise the maximum output tokens.");
            }
            AiResult.FinishReason reason = switch (finishReason) {
                case "STOP", "" -> AiResult.FinishReason.STOP;
                case "MAX_TOKENS" -> AiResult.FinishReason.LENGTH;
                default -> AiResult.FinishReason.OTHER;
            };
            return new AiResult(text.toString(), reason, tokens, modelVersion == null ? model : modelVersion, latency);
        }
    }

    private AiException error(HttpResponse<?> response, JsonNode body, String model) {
        int status = response.statusCode();
        JsonNode error = body.path("error");
        String message = http.scrub(error.path("message").asText("HTTP " + status));
        String statusName = error.path("status").asText("");
        String reason = "";
        boolean perDay = false;
        Optional<Duration> retryDelay = Optional.empty();
        for (JsonNode detail : error.path("details")) {
            String type = detail.path("@type").asText();
            if (type.endsWith("google.rpc.ErrorInfo")) {
                reason = detail.path("reason").asText();
            } else if (type.endsWith("google.rpc.QuotaFailure")) {
                for (JsonNode violation : detail.path("violations")) {
                    perDay |= violation.path("quotaId").asText().contains("PerDay");
                }
            } else if (type.endsWith("google.rpc.RetryInfo")) {
                retryDelay = parseDelay(detail.path("retryDelay").asText(""));
            }
        }
        if (retryDelay.isEmpty()) {
            retryDelay = ProviderHttp.retryAfter(response);
        }
        if (reason.equals("API_KEY_INVALID") || status == 401) {
            return new AiException(AiException.Kind.STOP, "The Gemini API key is not valid: create one at https://aistudio.google.com/apikey "
                    + "and paste it in Settings.", status, Optional.empty());
        }
        return switch (status) {
            case 403 -> new AiException(AiException.Kind.STOP, "The Gemini key may not use this model (" + message
                    + "). Check the key's project in Google AI Studio.", status, Optional.empty());
            case 404 -> new AiException(AiException.Kind.STOP, "Gemini has no model \"" + model + "\" (it may have been retired). "
                    + "Choose another model in Settings.", status, Optional.empty());
            case 429 -> perDay
                    ? new AiException(AiException.Kind.STOP, "The Gemini daily quota is used up; it resets at midnight Pacific time. "
                    + "Try again tomorrow or use a paid key.", status, Optional.empty())
                    : new AiException(AiException.Kind.RETRY_LATER, "Gemini's per-minute quota was reached; Wizzygen waits and retries.",
                    status, retryDelay);
            default -> {
                if (status >= 500 || status == 408) {
                    yield new AiException(AiException.Kind.RETRY_LATER, "Gemini is having trouble (HTTP " + status + " " + statusName
                            + "). Try again in a few minutes.", status, retryDelay);
                }
                if (statusName.equals("FAILED_PRECONDITION")) {
                    yield new AiException(AiException.Kind.STOP, "Gemini cannot serve this key here: " + message
                            + " Enable billing for the project in Google AI Studio.", status, Optional.empty());
                }
                yield new AiException(AiException.Kind.FAILED, "Gemini rejected the request: " + message, status, Optional.empty());
            }
        };
    }

    /** Google's duration form: "37s", "1.5s", "250ms". */
    static Optional<Duration> parseDelay(String text) {
        try {
            if (text.endsWith("ms")) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(text.substring(0, text.length() - 2))));
            }
            if (text.endsWith("s")) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000)));
            }
        } catch (NumberFormatException ignored) {
            // an unreadable delay falls back to our own backoff
        }
        return Optional.empty();
    }
}
