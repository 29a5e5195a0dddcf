package io.wizzygen.runs;

import io.wizzygen.generation.WatchQuery;

import java.time.Duration;
import java.time.Instant;

/**
 * A database connection that keeps running: what triggers it (ticked rows always; {@code newRows}: rows added with an
 * empty output, which the watch ticks), how often it looks ({@code every}), the query it looks with (planned from the
 * connection's prompt and options, {@code specHash} telling when they changed), its cursor (rows edited since then,
 * less an overlap, are looked at; null: every ticked row), its last poll and trigger, and why it stopped (null: it
 * keeps running; {@code upgrade}: because the plan's prompts ran out).
 */
public record Watch(String connectionId, String account, boolean newRows, Duration every, WatchQuery query, String specHash,
                    Instant startedAt, Instant cursor, Instant lastPollAt, Instant lastTriggerAt, String lastTrigger, String lastError,
                    Instant stoppedAt, String stopReason, boolean upgrade) {

    public boolean running() {
        return stopReason == null;
    }

    /** A watch just switched on: nothing looked at yet. */
    static Watch started(String connectionId, String account, boolean newRows, Duration every, WatchQuery query, String specHash,
                         Instant now) {
        return new Watch(connectionId, account, newRows, every, query, specHash, now, null, null, null, null, null, null, null, false);
    }
}
