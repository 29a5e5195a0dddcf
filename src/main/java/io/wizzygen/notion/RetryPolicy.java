package io.wizzygen.notion;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Bounded tries with exponential backoff and full jitter: the one retry policy of the Notion client. Tries count
 * failures (5xx, timeouts, conflicts); waiting out a 429 costs none.
 */
public record RetryPolicy(int maxTries, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1");
        }
    }

    /** The wait before try number {@code nextTry} (2 for the first retry). */
    public Duration backoff(int nextTry, RandomGenerator random) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, nextTry - 2));
        long half = cap / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (cap - half)));
    }
}
