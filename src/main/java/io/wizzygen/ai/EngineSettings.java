package io.wizzygen.ai;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach one engine and how hard to push it. Built from defaults, then the environment handed in by the
 * caller, then whatever the caller sets (saved settings, then flags). {@link #toString()} never shows the key.
 *
 * @param requestsPerMinute 0 = no client-side limit (the provider's 429s still slow every caller down)
 * @param breakerFailures   failures within {@code breakerWindow} after which the engine stops a run
 * @param egress            where the engine may connect ({@link Egress#ANYWHERE} unless a team member chose the base URL)
 */
public record EngineSettings(EngineKind kind, String apiKey, String baseUrl, String model, Duration connectTimeout,
                             Duration callTimeout, Duration firstCallTimeout, int maxConcurrency, int requestsPerMinute,
                             int maxTries, int breakerFailures, Duration breakerWindow, long demoLatencyMs,
                             double demoFailureRate, Egress egress) {

    public static final String GEMINI_DEFAULT_BASE = "https://generativelanguage.googleapis.com";
    public static final String OPENAI_DEFAULT_BASE = "https://api.openai.com/v1";
    /** Defaults only: every model is chosen in settings or per call; these are what a new user starts from. */
    public static final Map<EngineKind, String> DEFAULT_MODELS = Map.of(
            EngineKind.GEMINI, "gemini-flash-latest", EngineKind.OPENAI, "gpt-5.6-terra", EngineKind.DEMO, "demo");

    @Override
    public String toString() {
        return "EngineSettings[" + kind.cliName() + ", model=" + model + ", baseUrl=" + baseUrl + ", key="
                + (apiKey == null || apiKey.isEmpty() ? "none" : "••••") + "]";
    }

    /** The settings of an engine from its defaults alone; callers refine them with the builder. */
    public static Builder forKind(EngineKind kind) {
        return forKind(kind, Map.of());
    }

    /** The settings of an engine from defaults and {@code env} (the variables setup read, e.g. OPENAI_BASE_URL); the ai room reads none itself. */
    public static Builder forKind(EngineKind kind, Map<String, String> env) {
        Builder builder = new Builder(kind);
        switch (kind) {
            case GEMINI -> builder.baseUrl(env.getOrDefault("GEMINI_BASE_URL", GEMINI_DEFAULT_BASE)).apiKey(env.get("GEMINI_API_KEY"));
            case OPENAI -> builder.baseUrl(env.getOrDefault("OPENAI_BASE_URL", OPENAI_DEFAULT_BASE)).apiKey(env.get("OPENAI_API_KEY"));
            case OPENAI_COMPATIBLE -> builder.maxConcurrency(4).firstCallTimeout(Duration.ofMinutes(5));
            case DEMO -> {
                builder.demoLatencyMs(parse(env.get("WIZZYGEN_DEMO_LATENCY_MS"), "WIZZYGEN_DEMO_LATENCY_MS").map(Double::longValue).orElse(0L));
                builder.demoFailureRate(parse(env.get("WIZZYGEN_DEMO_FAILURE_RATE"), "WIZZYGEN_DEMO_FAILURE_RATE").orElse(0.0));
                builder.maxConcurrency(256);
            }
        }
        return builder.model(DEFAULT_MODELS.get(kind));
    }

    private static Optional<Double> parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got \"" + value + "\".");
        }
    }

    /** Refines settings; blank values keep what is there, so a layer that does not say something does not erase it. */
    public static final class Builder {
        private final EngineKind kind;
        private String apiKey;
        private String baseUrl;
        private String model;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(120);
        private Duration firstCallTimeout;
        private int maxConcurrency = 32;
        private int requestsPerMinute;
        private int maxTries = 5;
        private int breakerFailures = 10;
        private Duration breakerWindow = Duration.ofMinutes(1);
        private long demoLatencyMs;
        private double demoFailureRate;
        private Egress egress = Egress.ANYWHERE;

        private Builder(EngineKind kind) {
            this.kind = kind;
        }

        public Builder apiKey(String key) {
            if (key != null && !key.isBlank()) {
                this.apiKey = key.strip();
            }
            return this;
        }

        public Builder baseUrl(String url) {
            if (url != null && !url.isBlank()) {
                String trimmed = url.strip();
                this.baseUrl = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            }
            return this;
        }

        public Builder model(String name) {
            if (name != null && !name.isBlank()) {
                this.model = name.strip();
            }
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder firstCallTimeout(Duration timeout) {
            this.firstCallTimeout = timeout;
            return this;
        }

        public Builder maxConcurrency(int concurrency) {
            this.maxConcurrency = concurrency;
            return this;
        }

        public Builder requestsPerMinute(int rpm) {
            this.requestsPerMinute = rpm;
            return this;
        }

        public Builder maxTries(int tries) {
            this.maxTries = tries;
            return this;
        }

        public Builder breaker(int failures, Duration window) {
            this.breakerFailures = failures;
            this.breakerWindow = window;
            return this;
        }

        public Builder demoLatencyMs(long latency) {
            this.demoLatencyMs = latency;
            return this;
        }

        public Builder demoFailureRate(double rate) {
            this.demoFailureRate = rate;
            return this;
        }

        /** Where the engine may connect: {@link Egress#publicOnly} for a base URL a team member chose. */
        public Builder egress(Egress policy) {
            this.egress = java.util.Objects.requireNonNull(policy);
            return this;
        }

        /** The settings, or a plain error saying what is missing and how to give it. */
        public EngineSettings build() {
            switch (kind) {
                case GEMINI -> require(apiKey, "No Gemini API key is set: create one at https://aistudio.google.com/apikey "
                        + "and paste it in Settings (or set GEMINI_API_KEY).");
                case OPENAI -> require(apiKey, "No OpenAI API key is set: create one at https://platform.openai.com/api-keys "
                        + "and paste it in Settings (or set OPENAI_API_KEY).");
                case OPENAI_COMPATIBLE -> {
                    require(baseUrl, "An OpenAI-compatible engine needs its base URL, e.g. http://localhost:11434/v1 for Ollama "
                            + "(Settings, or --base-url).");
                    require(model, "Name the model your server runs, e.g. llama3.2:3b (Settings, or --model).");
                }
                case DEMO -> {
                    if (demoFailureRate < 0 || demoFailureRate > 1) {
                        throw new IllegalArgumentException("The demo failure rate must be between 0 and 1, got " + demoFailureRate + ".");
                    }
                }
            }
            if (baseUrl != null) {
                egress.checkBaseUrl(baseUrl);
            }
            return new EngineSettings(kind, apiKey, baseUrl, model, connectTimeout, callTimeout,
                    firstCallTimeout == null ? callTimeout : firstCallTimeout, Math.max(1, maxConcurrency),
                    Math.max(0, requestsPerMinute), Math.max(1, maxTries), Math.max(1, breakerFailures), breakerWindow,
                    Math.max(0, demoLatencyMs), demoFailureRate, egress);
        }

        private static void require(String value, String message) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
