package io.wizzygen.runs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs are kept (a port: the store implements it on SQLite and PostgreSQL). Every change a worker makes to a
 * run it is executing carries the lease epoch it took, and is refused once another worker has taken the run.
 */
public interface RunStore {

    /**
     * Saves {@code run} as the active run under {@code activeKey} (one per connection). When another run is active
     * under that key, nothing is saved and that run's id is answered: a second Generate joins the first.
     */
    String claim(Run run, String activeKey);

    Optional<Run> find(String runId);

    /** The newest run of a connection. */
    Optional<Run> latest(String account, String connectionId);

    /** A worker's hold on a run: its epoch, the next event number, and whether an earlier worker had started it. */
    record Lease(long epoch, long nextSeq, boolean resumed) {
    }

    /** Takes the run for {@code worker}: the epoch moves on (fencing out any earlier worker), the run is running. */
    Lease take(String runId, String worker, Instant now);

    /** Whether {@code epoch} is still the run's: false once another worker has taken it. */
    boolean holds(String runId, long epoch);

    /** The counts so far, as the progress panel shows them. */
    record Counts(int written, int failed, int notReached, long tokens, String cost) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, null);
    }

    /** Appends events (numbered by the worker) and the counts so far; false (and nothing written) when the lease is lost. */
    boolean record(String runId, long epoch, Counts counts, List<RunEvent> events);

    /**
     * Finishes the run with its status, counts, message and last events, and frees its connection for the next run;
     * false (and nothing written) when the lease is lost.
     */
    boolean finish(String runId, long epoch, RunStatus status, Counts counts, String message, List<RunEvent> events, Instant now);

    /** The run's kept events after {@code afterSeq}, oldest first (at most {@code limit}). */
    List<RunEvent> events(String runId, long afterSeq, int limit);

    /** Forgets row events numbered below {@code belowSeq} (the progress panel keeps only the recent ones). */
    void forgetRowEvents(String runId, long belowSeq);
}
