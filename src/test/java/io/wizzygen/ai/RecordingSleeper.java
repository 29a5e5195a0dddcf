package io.wizzygen.ai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the engine "sleeps": waits are measured, never waited. */
final class RecordingSleeper implements GuardedEngine.Sleeper {

    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final AtomicLong clock = new AtomicLong(1);

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        clock.addAndGet(duration.toNanos());
    }

    long now() {
        return clock.get();
    }
}
