package io.wizzygen.ai;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoAndGuardTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private static AiEngine demo(Map<String, String> env) {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO, env).build());
    }

    @Test
    void theDemoEngineWritesLabelledDeterministicMarkdownShapedByThePrompt() {
        AiEngine engine = demo(Map.of());
        assertThat(engine.label()).isEqualTo("Demo engine (no AI)");
        AiResult page = engine.generate(AiRequest.of("Write a blog post about learning Spanish in 300 words"));
        assertThat(page.text()).startsWith("## Write a blog post about learning Spanish in 300 words")
                .contains("Demo engine (no AI)", "\n- **Point 1:**");
        int words = page.text().split("\\s+").length;
        assertThat(words).isBetween(280, 420);
        assertThat(engine.generate(AiRequest.of("Write a blog post about learning Spanish in 300 words")).text()).isEqualTo(page.text());
        List<String> pieces = new ArrayList<>();
        assertThat(engine.stream(AiRequest.of("Write a blog post about learning Spanish in 300 words"), pieces::add).text())
                .isEqualTo(String.join("", pieces)).isEqualTo(page.text());
    }

    @Test
    void theDemoEngineAnswersARowWithItsInputValues() {
        AiResult row = demo(Map.of()).generate(AiRequest.of("Translate the topic to Japanese").withRowValues(Map.of("Topic", "Learning is fun")));
        assertThat(row.text()).contains("Demo engine (no AI)", "Topic: Learning is fun", "Translate the topic to Japanese");
        assertThat(row.usage().totalTokens()).isPositive();
    }

    @Test
    void theDemoEngineSimulatesFailuresAndLatencyFromTheEnvironment() {
        AiEngine failing = Engines.create(EngineSettings.forKind(EngineKind.DEMO, Map.of("WIZZYGEN_DEMO_FAILURE_RATE", "1")).maxTries(1).build());
        assertThatThrownBy(() -> failing.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                e -> assertThat(e.kind()).isEqualTo(AiException.Kind.RETRY_LATER));
        AiResult slow = demo(Map.of("WIZZYGEN_DEMO_LATENCY_MS", "120")).generate(AiRequest.of("x"));
        assertThat(slow.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThatThrownBy(() -> demo(Map.of("WIZZYGEN_DEMO_FAILURE_RATE", "lots"))).hasMessageContaining("WIZZYGEN_DEMO_FAILURE_RATE");
    }

    /** A raw engine scripted per call, to drive the guard. */
    private static final class Scripted implements AiEngine {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final java.util.function.IntFunction<AiResult> script;

        Scripted(java.util.function.IntFunction<AiResult> script) {
            this.script = script;
        }

        public EngineKind kind() { return EngineKind.DEMO; }
        public String label() { return "Scripted"; }
        public List<String> models() { return List.of(); }
        public KeyCheck testKey() { return new KeyCheck(true, ""); }

        public AiResult generate(AiRequest request) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return script.apply(calls.incrementAndGet());
            } finally {
                inFlight.decrementAndGet();
            }
        }

        public AiResult stream(AiRequest request, Consumer<String> onText) {
            onText.accept("partial");
            return generate(request);
        }
    }

    private static AiResult ok() {
        return new AiResult("ok", AiResult.FinishReason.STOP, AiResult.Usage.NONE, "m", Duration.ZERO);
    }

    private static AiException overloaded() {
        return AiException.of(AiException.Kind.RETRY_LATER, "overloaded");
    }

    @Test
    void theBreakerStopsARunAfterRepeatedFailuresInAShortWindow() {
        Scripted raw = new Scripted(n -> {
            throw overloaded();
        });
        EngineSettings settings = EngineSettings.forKind(EngineKind.DEMO, Map.of()).maxTries(3).breaker(6, Duration.ofMinutes(1)).build();
        GuardedEngine engine = new GuardedEngine(raw, settings, sleeper, sleeper::now, java.util.random.RandomGenerator.getDefault());
        assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                e -> assertThat(e.kind()).isEqualTo(AiException.Kind.RETRY_LATER));
        assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOf(AiException.class);
        assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class, e -> {
            assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
            assertThat(e.userMessage()).contains("stopped to protect your quota");
        });
        assertThat(raw.calls.get()).isEqualTo(6);
    }

    @Test
    void theBreakerNeverCountsRateLimiting() {
        Scripted raw = new Scripted(n -> {
            throw new AiException(AiException.Kind.RETRY_LATER, "slow down", 429, java.util.Optional.of(Duration.ofSeconds(1)));
        });
        EngineSettings settings = EngineSettings.forKind(EngineKind.DEMO, Map.of()).maxTries(3).breaker(6, Duration.ofMinutes(1)).build();
        GuardedEngine engine = new GuardedEngine(raw, settings, sleeper, sleeper::now, java.util.random.RandomGenerator.getDefault());
        for (int call = 0; call < 4; call++) {
            assertThatThrownBy(() -> engine.generate(AiRequest.of("x"))).isInstanceOfSatisfying(AiException.class,
                    e -> assertThat(e.kind()).isEqualTo(AiException.Kind.RETRY_LATER));
        }
        assertThat(raw.calls.get()).isEqualTo(12);
    }

    @Test
    void aStreamIsNotRetriedOnceTextWasHandedOn() {
        Scripted raw = new Scripted(n -> {
            throw overloaded();
        });
        GuardedEngine engine = new GuardedEngine(raw, EngineSettings.forKind(EngineKind.DEMO, Map.of()).maxTries(5).build(), sleeper,
                sleeper::now, java.util.random.RandomGenerator.getDefault());
        assertThatThrownBy(() -> engine.stream(AiRequest.of("x"), text -> { })).isInstanceOf(AiException.class);
        assertThat(raw.calls.get()).isEqualTo(1);
    }

    @Test
    void callsStayWithinTheConcurrencyCapAndTheRequestsPerMinute() throws Exception {
        Scripted slow = new Scripted(n -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok();
        });
        GuardedEngine capped = new GuardedEngine(slow, EngineSettings.forKind(EngineKind.DEMO, Map.of()).maxConcurrency(3).build(),
                Thread::sleep, System::nanoTime, java.util.random.RandomGenerator.getDefault());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        for (int i = 0; i < 30; i++) {
            pool.submit(() -> capped.generate(AiRequest.of("x")));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.calls.get()).isEqualTo(30);
        assertThat(slow.maxInFlight.get()).isEqualTo(3);

        Scripted fast = new Scripted(n -> ok());
        GuardedEngine paced = new GuardedEngine(fast, EngineSettings.forKind(EngineKind.DEMO, Map.of()).requestsPerMinute(60).build(),
                sleeper, sleeper::now, java.util.random.RandomGenerator.getDefault());
        for (int i = 0; i < 5; i++) {
            paced.generate(AiRequest.of("x"));
        }
        assertThat(sleeper.sleeps).filteredOn(d -> !d.isZero()).containsOnly(Duration.ofSeconds(1)).hasSize(4);
    }
}
