package io.wizzygen.runs;

import java.time.Instant;

/**
 * A run as the store keeps it: whose, of which connection, what was asked ({@code spec}), where it is, its counts,
 * tokens, estimated cost and final message, how often it was resumed after a restart, and its timings.
 */
public record Run(String id, String account, String connectionId, Kind kind, RunStatus status, RunSpec spec, int written, int failed,
                  int notReached, long tokens, String cost, String message, int resumes, Instant createdAt, Instant startedAt,
                  Instant finishedAt) {

    /** A page run writes one answer into a page; a database run one answer per ticked row. */
    public enum Kind { PAGE, DATABASE }

    public boolean finished() {
        return status.finished();
    }

    /** A new run, queued. */
    static Run queued(String id, String account, String connectionId, Kind kind, RunSpec spec, Instant now) {
        return new Run(id, account, connectionId, kind, RunStatus.QUEUED, spec, 0, 0, 0, 0, null, null, 0, now, null, null);
    }
}
