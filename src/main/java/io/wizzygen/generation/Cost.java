package io.wizzygen.generation;

import java.util.Locale;
import java.util.Set;

/** Tokens and an estimate in US dollars; {@code unpricedModels} names models whose use the estimate leaves out. */
public record Cost(long inputTokens, long outputTokens, double estimatedDollars, Set<String> unpricedModels) {
    public static final Cost NONE = new Cost(0, 0, 0, Set.of());

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** "~$0.0123", or what is missing from it. */
    public String describe() {
        String estimate = String.format(Locale.ROOT, "~$%.4f", estimatedDollars);
        return unpricedModels.isEmpty() ? estimate
                : estimate + " (no price known for " + String.join(", ", unpricedModels) + "; add it to prices.properties)";
    }
}
