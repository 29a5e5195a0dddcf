package io.wizzygen.generation;

import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.Prices;

import java.util.Set;
import java.util.TreeSet;

/** Tokens and estimated dollars used so far by one run; safe to add to from many AI calls at once. */
final class Spend {

    private final Prices prices;
    private final EngineKind engine;
    private long inputTokens;
    private long outputTokens;
    private double dollars;
    private final Set<String> unpricedModels = new TreeSet<>();

    Spend(Prices prices, EngineKind engine) {
        this.prices = prices;
        this.engine = engine;
    }

    synchronized void add(AiResult result) {
        inputTokens += result.usage().inputTokens();
        outputTokens += result.usage().outputTokens();
        prices.of(engine, result.model()).ifPresentOrElse(price -> dollars += price.cost(result.usage()),
                () -> unpricedModels.add(String.valueOf(result.model())));
    }

    synchronized Cost now() {
        return new Cost(inputTokens, outputTokens, dollars, Set.copyOf(unpricedModels));
    }
}
