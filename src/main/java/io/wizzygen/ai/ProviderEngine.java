package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one call skeleton of every remote provider: send, read the answer whole or as server-sent events, turn
 * error answers into {@link AiException}s (with the key scrubbed from every message), ask once more when the
 * provider taught the format something, list models page by page. What differs between providers is their
 * {@link WireFormat}.
 */
final class ProviderEngine implements AiEngine {

    /** Each refusal teaches at most one thing (the temperature, then the schema); three attempts cover both, and no more. */
    private static final int MAX_ATTEMPTS = 3;

    private final EngineSettings settings;
    private final WireFormat wire;
    private final ProviderHttp http;
    /** The first call may load a local model, so it gets {@link EngineSettings#firstCallTimeout()}. */
    private final AtomicBoolean warmedUp = new AtomicBoolean();

    ProviderEngine(EngineSettings settings, WireFormat wire) {
        this.settings = settings;
        this.wire = wire;
        this.http = new ProviderHttp(wire.provider(), settings.connectTimeout(), settings.apiKey(), settings.egress());
    }

    @Override
    public EngineKind kind() {
        return settings.kind();
    }

    @Override
    public String label() {
        return wire.label();
    }

    @Override
    public AiResult generate(AiRequest request) {
        return call(request, null);
    }

    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        return call(request, onText);
    }

    private AiResult call(AiRequest request, Consumer<String> onText) {
        String model = wire.modelName(request.model() != null && !request.model().isBlank() ? request.model() : settings.model());
        AiRequest attempt = request;
        for (int tries = 1; ; tries++) {
            Exchange exchange = exchange(attempt, model, onText);
            if (exchange.result() != null) {
                return exchange.result();
            }
            Optional<AiRequest> again = tries < MAX_ATTEMPTS ? wire.retryAfter(exchange.refusal(), attempt, model) : Optional.empty();
            if (again.isEmpty()) {
                throw scrubbed(wire.error(exchange.refusal(), model));
            }
            attempt = again.get();
        }
    }

    /** One request and its answer: a result, or the provider's refusal. */
    private record Exchange(AiResult result, WireFormat.Refusal refusal) {
    }

    private Exchange exchange(AiRequest request, String model, Consumer<String> onText) {
        long start = System.nanoTime();
        boolean streaming = onText != null;
        String url = wire.generateUrl(model, streaming);
        JsonNode body = wire.body(request, model, streaming);
        Duration timeout = warmedUp.get() ? settings.callTimeout() : settings.firstCallTimeout();
        WireFormat.Answer answer = wire.answer(model);
        if (streaming) {
            HttpResponse<InputStream> response = http.sendStreaming(url, wire.headers(), body, timeout);
            if (response.statusCode() != 200) {
                return new Exchange(null, new WireFormat.Refusal(response, http.parse(ProviderHttp.readAll(response.body())), body));
            }
            http.readEvents(response.body(), data -> answer.chunk(http.parse(data), onText));
        } else {
            HttpResponse<String> response = http.send("POST", url, wire.headers(), body, timeout);
            JsonNode json = http.parse(response.body());
            if (response.statusCode() != 200) {
                return new Exchange(null, new WireFormat.Refusal(response, json, body));
            }
            answer.whole(json);
        }
        warmedUp.set(true);
        try {
            return new Exchange(answer.result(Duration.ofNanos(System.nanoTime() - start)), null);
        } catch (AiException e) {
            throw scrubbed(e);
        }
    }

    @Override
    public List<String> models() {
        List<String> models = new ArrayList<>();
        String pageToken = null;
        do {
            WireFormat.ModelPage page = wire.models(getJson(wire.modelsUrl(pageToken)));
            models.addAll(page.models());
            pageToken = page.nextPageToken();
        } while (pageToken != null && !pageToken.isEmpty());
        return models;
    }

    @Override
    public KeyCheck testKey() {
        try {
            return wire.checkKey(this::getJson, this::models);
        } catch (AiException e) {
            return new KeyCheck(false, e.userMessage());
        }
    }

    private JsonNode getJson(String url) {
        HttpResponse<String> response = http.send("GET", url, wire.headers(), null, settings.callTimeout());
        JsonNode answer = http.parse(response.body());
        if (response.statusCode() != 200) {
            throw scrubbed(wire.error(new WireFormat.Refusal(response, answer), wire.modelName(settings.model())));
        }
        return answer;
    }

    /** Every message passes here on its way out, so no wire format can leak the key by quoting the provider. */
    private AiException scrubbed(AiException e) {
        String message = http.scrub(e.userMessage());
        return message.equals(e.userMessage()) ? e : new AiException(e.kind(), message, e.status(), e.retryAfter());
    }
}
