package io.wizzygen.ai;

import java.util.random.RandomGenerator;

/** Builds engines from settings, each wrapped in the one guard (limits, retries, breaker). */
public final class Engines {

    private Engines() {
    }

    public static AiEngine create(EngineSettings settings) {
        return create(settings, Thread::sleep, System::nanoTime);
    }

    static AiEngine create(EngineSettings settings, GuardedEngine.Sleeper sleeper, java.util.function.LongSupplier clock) {
        AiEngine raw = switch (settings.kind()) {
            case GEMINI -> new ProviderEngine(settings, new GeminiWire(settings));
            case OPENAI, OPENAI_COMPATIBLE -> new ProviderEngine(settings, new ChatCompletionsWire(settings));
            case DEMO -> new DemoEngine(settings);
        };
        return new GuardedEngine(raw, settings, sleeper, clock, RandomGenerator.getDefault());
    }
}
