package io.wizzygen.notion;

import java.time.Duration;

/** Waiting, made injectable so retry and rate-limit behaviour can be tested without real sleeps. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
