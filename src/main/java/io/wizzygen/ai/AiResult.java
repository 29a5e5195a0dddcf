package io.wizzygen.ai;

import java.time.Duration;

/** What an engine answered: the text, why it stopped, the tokens it used, the model and how long it took. */
public record AiResult(String text, FinishReason finishReason, Usage usage, String model, Duration latency) {

    /** Why the model stopped writing. */
    public enum FinishReason {
        /** Finished normally. */
        STOP,
        /** Ran out of output tokens: the text is cut short. */
        LENGTH,
        /** Anything else the provider reported. */
        OTHER
    }

    /** Tokens used by one call. */
    public record Usage(long inputTokens, long outputTokens, long totalTokens) {
        public static final Usage NONE = new Usage(0, 0, 0);

        public Usage plus(Usage other) {
            return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, totalTokens + other.totalTokens);
        }
    }

    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
