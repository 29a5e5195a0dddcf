package io.wizzygen.ai;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Every engine's calls pass here, one mechanism for all: a concurrency cap, a requests-per-minute spacing,
 * bounded retries with exponential backoff and jitter (honouring the provider's Retry-After) for temporary
 * failures, one shared pause when the provider says to slow down, and a breaker that stops a run after
 * repeated failures in a short window instead of burning the quota.
 */
final class GuardedEngine implements AiEngine {

    /** Waiting, injectable so tests measure waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final int RATE_LIMITED = 429;

    private final AiEngine engine;
    private final EngineSettings settings;
    private final Semaphore slots;
    private final Sleeper sleeper;
    private final LongSupplier clock;
    private final RandomGenerator random;
    private final Deque<Long> recentFailures = new ArrayDeque<>();
    private long nextStart;
    private long pausedUntil;

    GuardedEngine(AiEngine engine, EngineSettings settings, Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random) {
        this.engine = engine;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrency(), true);
        this.sleeper = sleeper;
        this.clock = nanoClock;
        this.random = random;
    }

    @Override
    public EngineKind kind() {
        return engine.kind();
    }

    @Override
    public String label() {
        return engine.label();
    }

    @Override
    public AiResult generate(AiRequest request) {
        return withRetries(() -> engine.generate(request), () -> true);
    }

    /** A stream is retried only while nothing of it has been handed on, so no text is ever repeated. */
    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        AtomicBoolean started = new AtomicBoolean();
        return withRetries(() -> engine.stream(request, text -> {
            started.set(true);
            onText.accept(text);
        }), () -> !started.get());
    }

    @Override
    public List<String> models() {
        return engine.models();
    }

    @Override
    public KeyCheck testKey() {
        return engine.testKey();
    }

    private AiResult withRetries(java.util.function.Supplier<AiResult> call, java.util.function.BooleanSupplier mayRepeat) {
        for (int attempt = 1; ; attempt++) {
            checkBreaker();
            AiException failure;
            acquire();
            try {
                waitForTurn();
                AiResult result = call.get();
                succeeded();
                return result;
            } catch (AiException e) {
                if (e.kind() != AiException.Kind.RETRY_LATER) {
                    throw e;
                }
                if (e.status() != RATE_LIMITED) {
                    failed(); // being asked to slow down is pacing, not a failure: the breaker never counts it
                }
                if (attempt >= settings.maxTries() || !mayRepeat.getAsBoolean()) {
                    throw e;
                }
                failure = e;
            } finally {
                slots.release();
            }
            // Waiting happens outside the slot, so other calls keep the engine busy meanwhile.
            if (failure.retryAfter().isPresent()) {
                pauseEveryone(failure.retryAfter().get());
            } else {
                sleep(backoff(attempt));
            }
        }
    }

    private Duration backoff(int attempt) {
        long cap = Math.min(30_000, 1000L << Math.min(15, attempt - 1));
        return Duration.ofMillis(cap / 2 + (long) (random.nextDouble() * (cap / 2.0)));
    }

    private void acquire() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AiException.of(AiException.Kind.RETRY_LATER, "Interrupted while waiting for a free " + engine.label() + " slot.");
        }
    }

    /** Spaces call starts to the requests-per-minute limit and respects a pause the provider asked for. */
    private void waitForTurn() {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long start = Math.max(now, pausedUntil);
            if (settings.requestsPerMinute() > 0) {
                start = Math.max(start, nextStart);
                nextStart = start + 60_000_000_000L / settings.requestsPerMinute();
            }
            wait = start - now;
        }
        sleep(Duration.ofNanos(wait));
    }

    private void pauseEveryone(Duration wait) {
        synchronized (this) {
            pausedUntil = Math.max(pausedUntil, clock.getAsLong() + wait.toNanos());
        }
    }

    private synchronized void succeeded() {
        recentFailures.clear();
    }

    /** Old failures leave the window in {@link #checkBreaker()}, which runs before every attempt. */
    private synchronized void failed() {
        recentFailures.addLast(clock.getAsLong());
    }

    private synchronized void checkBreaker() {
        long now = clock.getAsLong();
        while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() > settings.breakerWindow().toNanos()) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() >= settings.breakerFailures()) {
            throw AiException.of(AiException.Kind.STOP, engine.label() + " failed " + recentFailures.size() + " times in the last "
                    + settings.breakerWindow().toSeconds() + " s, so the run was stopped to protect your quota. "
                    + "Try again in a few minutes; rows not written stay ticked.");
        }
    }

    private void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AiException.of(AiException.Kind.RETRY_LATER, "Interrupted while waiting to retry.");
        }
    }
}
