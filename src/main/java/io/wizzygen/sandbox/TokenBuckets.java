package io.wizzygen.sandbox;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Notion's per-integration rate limit: a bucket per token holding up to one second of requests. */
final class TokenBuckets {

    private final double perSecond;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double perSecond) {
        this.perSecond = perSecond;
    }

    /** Takes one request from the token's bucket; answers empty when allowed, else the whole seconds to wait. */
    OptionalLong take(String token) {
        if (perSecond <= 0) {
            return OptionalLong.empty();
        }
        double capacity = Math.max(1, perSecond);
        double[] bucket = buckets.computeIfAbsent(token, t -> new double[] {capacity, System.nanoTime()});
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
            bucket[1] = now;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - bucket[0]) / perSecond));
        }
    }
}
