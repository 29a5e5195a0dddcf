package io.wizzygen.ai;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a model costs, to estimate a run's price: US dollars per million input and output tokens, matched by
 * the longest model-name prefix ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini"). The built-in list is a snapshot
 * of the providers' published prices; an operator can add or correct entries in {@code prices.properties}
 * in the config folder ({@code model = input output}). Local servers and the demo engine cost nothing; a
 * cloud model the list does not know has no estimate rather than a wrong one.
 */
public final class Prices {

    /** Dollars per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
        public double cost(AiResult.Usage usage) {
            return (usage.inputTokens() * inputPerMillion + usage.outputTokens() * outputPerMillion) / 1_000_000.0;
        }
    }

    private static final Map<String, Price> BUILT_IN = builtIn();

    private final Map<String, Price> byPrefix;

    private Prices(Map<String, Price> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
    }

    public static Prices builtInOnly() {
        return new Prices(BUILT_IN);
    }

    /**
     * The built-in list with the operator's entries ({@code model = input output}, as {@code setup} read them from
     * {@code source}, the file named in error messages) added or replacing them.
     */
    public static Prices withOverrides(Map<String, String> entries, String source) {
        Map<String, Price> merged = new LinkedHashMap<>(BUILT_IN);
        entries.forEach((model, value) -> merged.put(normalise(model), parse(source, model, value)));
        return new Prices(merged);
    }

    /** The price of {@code model} on {@code engine}: zero for local and demo engines, empty when unknown. */
    public Optional<Price> of(EngineKind engine, String model) {
        if (engine == EngineKind.DEMO || engine == EngineKind.OPENAI_COMPATIBLE) {
            return Optional.of(new Price(0, 0));
        }
        String wanted = normalise(model == null ? "" : model);
        return byPrefix.entrySet().stream().filter(entry -> wanted.startsWith(entry.getKey()))
                .max(Comparator.comparingInt(entry -> entry.getKey().length())).map(Map.Entry::getValue);
    }

    private static String normalise(String model) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        return name.startsWith("models/") ? name.substring("models/".length()) : name;
    }

    private static Price parse(String source, String model, String value) {
        String[] parts = value.strip().split("\\s+");
        try {
            if (parts.length == 2) {
                return new Price(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (NumberFormatException ignored) {
            // reported below with the line that is wrong
        }
        throw new IllegalArgumentException("The price of \"" + model + "\" in " + source + " should be two numbers, dollars per million "
                + "input and output tokens, e.g. \"" + model + " = 0.30 2.50\".");
    }

    private static Map<String, Price> builtIn() {
        Map<String, Price> prices = new LinkedHashMap<>();
        prices.put("gemini-flash-latest", new Price(0.30, 2.50));
        prices.put("gemini-flash-lite-latest", new Price(0.10, 0.40));
        prices.put("gemini-pro-latest", new Price(1.25, 10.00));
        prices.put("gemini-2.5-flash", new Price(0.30, 2.50));
        prices.put("gemini-2.5-flash-lite", new Price(0.10, 0.40));
        prices.put("gemini-2.5-pro", new Price(1.25, 10.00));
        prices.put("gemini-2.0-flash", new Price(0.10, 0.40));
        prices.put("gemini-2.0-flash-lite", new Price(0.075, 0.30));
        prices.put("gpt-5", new Price(1.25, 10.00));
        prices.put("gpt-5-mini", new Price(0.25, 2.00));
        prices.put("gpt-5-nano", new Price(0.05, 0.40));
        prices.put("gpt-4.1", new Price(2.00, 8.00));
        prices.put("gpt-4.1-mini", new Price(0.40, 1.60));
        prices.put("gpt-4.1-nano", new Price(0.10, 0.40));
        prices.put("gpt-4o", new Price(2.50, 10.00));
        prices.put("gpt-4o-mini", new Price(0.15, 0.60));
        return prices;
    }
}
