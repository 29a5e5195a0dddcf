package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one provider's API looks like on the wire: where to send a call, its request body, how to read an answer
 * or a streamed chunk, and what its error answers mean. {@link ProviderEngine} runs the call itself, the same for
 * every provider.
 */
interface WireFormat {

    /** How messages name the provider, e.g. "Gemini" or "The OpenAI-compatible server at http://localhost:11434/v1". */
    String provider();

    /** How the engine is shown to people, e.g. "Gemini (gemini-flash-latest)". */
    String label();

    /** The model name as the provider's URLs and bodies want it. */
    default String modelName(String chosen) {
        return chosen;
    }

    Map<String, String> headers();

    String generateUrl(String model, boolean stream);

    JsonNode body(AiRequest request, String model, boolean stream);

    /** Collects one call's answer. */
    Answer answer(String model);

    /** What an error answer means, in an {@link AiException} whose kind says what to do. */
    AiException error(Refusal refusal, String model);

    /**
     * The request to send once more after this refusal, when the refusal taught the format something about the
     * model (a parameter it does not take) so that the next body differs; empty when asking again would not help.
     */
    default Optional<AiRequest> retryAfter(Refusal refusal, AiRequest request, String model) {
        return Optional.empty();
    }

    /** The URL of one page of the model list ({@code pageToken} null for the first page). */
    String modelsUrl(String pageToken);

    ModelPage models(JsonNode page);

    /**
     * The cheapest check that the key and the configured model work, using {@code getJson} (a GET whose error
     * answers arrive as {@link AiException}s) or the whole model list.
     */
    AiEngine.KeyCheck checkKey(Function<String, JsonNode> getJson, Supplier<List<String>> models);

    /** One call's answer, built from the whole answer or from a stream's chunks. */
    interface Answer {
        void whole(JsonNode answer);

        /** Adds one streamed chunk, handing any new text to {@code onText}. */
        void chunk(JsonNode chunk, Consumer<String> onText);

        /** The result, or the {@link AiException} saying why the answer cannot be used. */
        AiResult result(Duration latency);
    }

    /**
     * An error answer: the response (status, headers), its body as JSON, and the request body it refused (null for a
     * GET), so that what a refusal teaches is judged by what was sent, even when another call learnt it meanwhile.
     */
    record Refusal(HttpResponse<?> response, JsonNode body, JsonNode sent) {
        Refusal(HttpResponse<?> response, JsonNode body) {
            this(response, body, null);
        }

        int status() {
            return response.statusCode();
        }

        /** Whether the refused request carried this top-level field. */
        boolean sent(String field) {
            return sent != null && sent.has(field);
        }
    }

    /** One page of model names and the token of the next page (null on the last). */
    record ModelPage(List<String> models, String nextPageToken) {
    }
}
