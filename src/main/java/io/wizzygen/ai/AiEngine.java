package io.wizzygen.ai;

import java.util.List;
import java.util.function.Consumer;

/** An AI engine: generates text for a request, plainly or streamed, and knows its models. */
public interface AiEngine {

    /** The engine's kind. */
    EngineKind kind();

    /** How the engine is shown to people, e.g. "Gemini (gemini-flash-latest)" or "Demo engine (no AI)". */
    String label();

    AiResult generate(AiRequest request);

    /** Generates, handing each piece of text to {@code onText} as it arrives; answers the whole result. */
    AiResult stream(AiRequest request, Consumer<String> onText);

    /** The models the provider offers for text generation (for the settings dropdown). */
    List<String> models();

    /** The cheapest call that proves the key and the model work; never throws. */
    KeyCheck testKey();

    /** The answer of a "Test key" button. */
    record KeyCheck(boolean ok, String message) {
    }
}
