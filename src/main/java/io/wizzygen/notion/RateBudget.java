package io.wizzygen.notion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * How fast one integration token may call Notion. Notion counts requests per integration, not per client, so
 * every client of a token draws from one budget: this JVM's ({@link RateLimiter}), or one that processes and
 * servers share through their database (the store implements {@link Source} for that).
 */
public interface RateBudget {

    /** Reserves the next request slot and answers how long the caller must wait before sending it (one call per request). */
    Duration reserve();

    /** Notion answered 429: no request of this token is sent before {@code retryAfter} has passed, by any client of the budget. */
    void backOff(Duration retryAfter);

    /** Where a token's budget comes from: keyed by the token's fingerprint, never the token itself. */
    @FunctionalInterface
    interface Source {

        /** The budgets of this JVM only. */
        Source IN_MEMORY = RateLimiter::forFingerprint;

        RateBudget forToken(String tokenFingerprint, double requestsPerSecond, int burst);
    }

    /** A stable name for a token that does not reveal it (SHA-256, 128 bits in hex). */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
