package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attempts counted per key (an account and an address, an address alone …) in the store, so the count survives a
 * restart and is shared by every server on one PostgreSQL. An attempt is reserved before the work it guards (a
 * password hash, a new account) by one compare-and-set on the key's row: N attempts at once count N, and the one
 * that crosses the limit sets the wait for all that follow. Keys are stored as SHA-256 hashes (no emails or
 * addresses at rest).
 */
final class Throttle {

    /** Rows untouched for this long are deleted (longer than any policy remembers). */
    static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);
    private static final int MAX_TRIES = 100;

    private final Jdbi jdbi;
    private final Clock clock;
    private final AtomicLong lastCleanup = new AtomicLong();

    Throttle(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** A key's row: attempts so far, the policy's mark (the last attempt, or the window's start) and when the next may come. */
    record State(int attempts, long markedAt, long notBefore) {
    }

    /** How attempts on one kind of key are allowed: the state after one more attempt at {@code now}, or how long to wait. */
    interface Policy {
        State first(long now);

        /** The next state, or null when the attempt must wait (until {@link #waitUntil}). */
        State next(State current, long now);

        long waitUntil(State current);
    }

    /**
     * Free attempts, then a delay that doubles with each further one ({@code first}, 2×, 4× … up to {@code max});
     * a key quiet for {@code forget} starts again.
     */
    record Backoff(int free, Duration first, Duration max, Duration forget) implements Policy {
        @Override
        public State first(long now) {
            return new State(1, now, now + delay(1));
        }

        @Override
        public State next(State current, long now) {
            if (now < current.notBefore()) {
                return null;
            }
            int attempts = now - current.markedAt() > forget.toMillis() ? 1 : current.attempts() + 1;
            return new State(attempts, now, now + delay(attempts));
        }

        @Override
        public long waitUntil(State current) {
            return current.notBefore();
        }

        long delay(int attempts) {
            if (attempts < free) {
                return 0;
            }
            int doublings = Math.min(30, attempts - free);
            return Math.min(max.toMillis(), first.toMillis() << doublings);
        }
    }

    /** At most {@code limit} attempts in a {@code window} that starts with the first one. */
    record Window(int limit, Duration window) implements Policy {
        @Override
        public State first(long now) {
            return new State(1, now, now);
        }

        @Override
        public State next(State current, long now) {
            if (now - current.markedAt() >= window.toMillis()) {
                return first(now);
            }
            return current.attempts() >= limit ? null : new State(current.attempts() + 1, current.markedAt(), now);
        }

        @Override
        public long waitUntil(State current) {
            return current.markedAt() + window.toMillis();
        }
    }

    /** Reserves one attempt on {@code key}: empty when it may go ahead (and is counted), else how long to wait. */
    Optional<Duration> reserve(String key, Policy policy) {
        String hash = Tokens.sha256(key);
        cleanUpNowAndThen();
        for (int i = 0; i < MAX_TRIES; i++) {
            long now = clock.millis();
            Optional<State> current = read(hash);
            if (current.isEmpty()) {
                if (insert(hash, policy.first(now))) {
                    return Optional.empty();
                }
                continue; // another attempt created the row first: count on top of it
            }
            State next = policy.next(current.get(), now);
            if (next == null) {
                return Optional.of(Duration.ofMillis(Math.max(1000, policy.waitUntil(current.get()) - now)));
            }
            if (swap(hash, current.get(), next)) {
                return Optional.empty();
            }
        }
        return Optional.of(Duration.ofSeconds(1)); // so contended that it cannot be counted now: wait, as if refused
    }

    /** Takes back one attempt that turned out not to count (a right password, an account not created); any wait it set stays. */
    void giveBack(String key) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE throttle SET attempts = attempts - 1 WHERE key_hash = :key AND attempts > 0")
                .bind("key", Tokens.sha256(key)).execute());
    }

    /** Forgets a key (after a right password: its owner need not wait for earlier typos). */
    void clear(String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM throttle WHERE key_hash = :key").bind("key", Tokens.sha256(key)).execute());
    }

    private Optional<State> read(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT attempts, marked_at, not_before FROM throttle WHERE key_hash = :key").bind("key", hash)
                .map((rs, ctx) -> new State(rs.getInt("attempts"), rs.getLong("marked_at"), rs.getLong("not_before"))).findOne());
    }

    private boolean insert(String hash, State state) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO throttle (key_hash, attempts, marked_at, not_before) "
                        + "VALUES (:key, :attempts, :marked, :notBefore) ON CONFLICT (key_hash) DO NOTHING")
                .bind("key", hash).bind("attempts", state.attempts()).bind("marked", state.markedAt()).bind("notBefore", state.notBefore())
                .execute()) == 1;
    }

    /** Compare-and-set: only if nobody changed the row since it was read. */
    private boolean swap(String hash, State expected, State next) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE throttle SET attempts = :attempts, marked_at = :marked, not_before = :notBefore "
                        + "WHERE key_hash = :key AND attempts = :oldAttempts AND marked_at = :oldMarked AND not_before = :oldNotBefore")
                .bind("key", hash).bind("attempts", next.attempts()).bind("marked", next.markedAt()).bind("notBefore", next.notBefore())
                .bind("oldAttempts", expected.attempts()).bind("oldMarked", expected.markedAt()).bind("oldNotBefore", expected.notBefore())
                .execute()) == 1;
    }

    /** Guesses at made-up emails from many addresses must not grow the table without end: old rows go, at most hourly. */
    private void cleanUpNowAndThen() {
        long now = clock.millis();
        long last = lastCleanup.get();
        if (now - last < Duration.ofHours(1).toMillis() || !lastCleanup.compareAndSet(last, now)) {
            return;
        }
        long cutoff = now - FORGOTTEN_AFTER.toMillis();
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM throttle WHERE not_before < :cutoff AND marked_at < :cutoff").bind("cutoff", cutoff).execute());
    }

    /** Rows kept (tests). */
    int rows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM throttle").mapTo(Integer.class).one());
    }
}
