package io.wizzygen.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted per account (5 in 15 minutes) and per address (20 in 15 minutes): past either, sign-in
 * is refused until the oldest failure leaves the window, even with the right password, so guessing is slow.
 */
final class SignInThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PER_ACCOUNT = 5;
    static final int PER_ADDRESS = 20;
    static final int FORGET_ABOVE = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before trying again, when this email or address has failed too often. */
    Optional<Duration> wait(String email, String address) {
        Instant now = clock.instant();
        Optional<Duration> forAccount = waitFor("account:" + email, PER_ACCOUNT, now);
        return forAccount.isPresent() ? forAccount : waitFor("address:" + address, PER_ADDRESS, now);
    }

    void failed(String email, String address) {
        Instant now = clock.instant();
        if (failures.size() > FORGET_ABOVE) {
            forgetQuietOnes(now); // guesses at many made-up emails must not grow memory without end
        }
        for (String key : new String[] {"account:" + email, "address:" + address}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
                trim(times, now);
            }
        }
    }

    private void forgetQuietOnes(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                trim(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    int tracked() {
        return failures.size();
    }

    void succeeded(String email) {
        failures.remove("account:" + email);
    }

    private Optional<Duration> waitFor(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            trim(times, now);
            return times.size() < limit ? Optional.empty() : Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
        }
    }

    private static void trim(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }
}
