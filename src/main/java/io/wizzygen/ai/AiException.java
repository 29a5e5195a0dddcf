package io.wizzygen.ai;

import java.time.Duration;
import java.util.Optional;

/**
 * The one error type of the AI boundary. Its kind says what a caller should do; its user message says it in
 * plain words with the fix. Never carries an API key.
 */
public final class AiException extends RuntimeException {

    /** What to do about a failure. */
    public enum Kind {
        /** Temporary (rate limit per minute, overload, timeout, connection reset): try again later. */
        RETRY_LATER,
        /** Nothing will work until a person acts (invalid key, no permission, unknown model, quota for the day or credits gone). */
        STOP,
        /** The provider refused this content (safety, recitation, refusal). Other requests may work. */
        CONTENT_BLOCKED,
        /** This request cannot succeed as it is (too long, invalid, empty answer); other requests may work. */
        FAILED
    }

    private final Kind kind;
    private final int status;
    private final transient Optional<Duration> retryAfter;

    public AiException(Kind kind, String userMessage, int status, Optional<Duration> retryAfter) {
        super(userMessage, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public static AiException of(Kind kind, String userMessage) {
        return new AiException(kind, userMessage, 0, Optional.empty());
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status of the provider's answer, 0 when none arrived. */
    public int status() {
        return status;
    }

    /** How long the provider asked to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** One or two plain sentences naming the problem and the fix. */
    public String userMessage() {
        return getMessage();
    }
}
