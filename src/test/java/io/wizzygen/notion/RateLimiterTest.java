package io.wizzygen.notion;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void allowsASmallBurstThenSpacesRequestsAtTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(3, 3, clock::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.reserve()).isZero();
        }
        assertThat(limiter.reserve().toMillis()).isBetween(332L, 334L);
        assertThat(limiter.reserve().toMillis()).isBetween(665L, 667L);
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(limiter.reserve()).isZero();
    }

    @Test
    void retryAfterHoldsBackEveryCallerOfTheToken() {
        RateLimiter limiter = new RateLimiter(3, 3, clock::get);
        limiter.backOff(Duration.ofSeconds(2));
        assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(2));
        RateLimiter unlimited = new RateLimiter(0, 1, clock::get);
        assertThat(unlimited.reserve()).isZero();
        unlimited.backOff(Duration.ofMillis(1500));
        assertThat(unlimited.reserve()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void oneLimiterIsSharedPerToken() {
        assertThat(RateLimiter.forFingerprint(RateBudget.fingerprint("ntn_a"), 3, 3)).isSameAs(RateLimiter.forFingerprint(RateBudget.fingerprint("ntn_a"), 3, 3))
                .isNotSameAs(RateLimiter.forFingerprint(RateBudget.fingerprint("ntn_b"), 3, 3));
    }
}
