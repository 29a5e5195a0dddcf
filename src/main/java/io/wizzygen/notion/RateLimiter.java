package io.wizzygen.notion;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token's budget within this JVM: a token bucket in its GCRA form (a sustained rate with a small burst). One
 * instance per integration token is shared by every client in the JVM, because Notion counts requests per
 * integration, not per client.
 */
public final class RateLimiter implements RateBudget {

    private static final Map<String, RateLimiter> PER_TOKEN = new ConcurrentHashMap<>();

    private final long intervalNanos;
    private final long burst;
    private final LongSupplier nanoClock;
    private long theoreticalArrival;
    private long blockedUntil;

    public RateLimiter(double requestsPerSecond, int burst, LongSupplier nanoClock) {
        this.intervalNanos = requestsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / requestsPerSecond);
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
        this.theoreticalArrival = nanoClock.getAsLong();
        this.blockedUntil = theoreticalArrival;
    }

    /** The JVM-wide limiter of one token (by its fingerprint) at one rate. */
    static RateLimiter forFingerprint(String tokenFingerprint, double requestsPerSecond, int burst) {
        String key = tokenFingerprint + "@" + requestsPerSecond + "/" + burst;
        return PER_TOKEN.computeIfAbsent(key, k -> new RateLimiter(requestsPerSecond, burst, System::nanoTime));
    }

    @Override
    public synchronized Duration reserve() {
        long now = nanoClock.getAsLong();
        long wait;
        if (intervalNanos == 0) {
            wait = blockedUntil - now;
        } else {
            theoreticalArrival = Math.max(theoreticalArrival, Math.max(now, blockedUntil)) + intervalNanos;
            wait = Math.max(theoreticalArrival - now - burst * intervalNanos, blockedUntil - now);
        }
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos(wait);
    }

    @Override
    public synchronized void backOff(Duration retryAfter) {
        blockedUntil = Math.max(blockedUntil, nanoClock.getAsLong() + retryAfter.toNanos());
    }
}
