package io.wizzygen.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline, for what another process or thread makes true in its own time. */
public final class Waits {

    private Waits() {
    }

    /** Answers {@code value} once {@code done} accepts it; fails with {@code what} (and the last value) after {@code max}. */
    public static <T> T until(String what, Duration max, Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            T now = value.get();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + max.toSeconds() + " s for " + what + "; last seen: " + now);
            }
            pause();
        }
    }

    /** A short pause between two looks at something that changes elsewhere (a poll interval, not a wait for time to pass). */
    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
