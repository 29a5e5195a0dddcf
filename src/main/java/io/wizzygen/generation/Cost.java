package io.wizzygen.generation;

import java.util.Locale;
import java.util.Set;

/** Tokens and an estimate in US dollars; {@code unpricedModels} names models whose use the estimate leaves out. */
public record Cost(long inputTokens, long outputTokens, double estimatedDollars, Set<String> unpricedModels) {
    public static final Cost NONE = new Cost(0, 0, 0, Set.of());

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** "~$0.0123", "<$0.0001", "no cost" (a free engine), and what the estimate leaves out. */
    public String describe() {
        String estimate = estimatedDollars == 0 && unpricedModels.isEmpty() ? "no cost"
                : estimatedDollars > 0 && estimatedDollars < 0.00005 ? "<$0.0001"
                : String.format(Locale.ROOT, "~$%.4f", estimatedDollars);
        return unpricedModels.isEmpty() ? estimate
                : estimate + " (no price known for " + String.join(", ", unpricedModels) + "; add it to prices.properties)";
    }
}
