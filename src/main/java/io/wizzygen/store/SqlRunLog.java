package io.wizzygen.store;

import io.wizzygen.generation.RunLog;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable run log: each row's state and stored answer, so a restarted run repeats no stored AI call.
 * Saves are group-committed: one committer thread writes every record queued while the previous commit ran
 * in one transaction, and {@link #save} returns only once the transaction holding its record has committed,
 * so "stored before written to Notion" holds as it did with one commit per record, at a fraction of the
 * commits (and of the disk writes) when many rows are saved at once. Records saved without waiting (states
 * resume does not rely on) wait up to {@link #LINGER} to share the next transaction.
 */
public final class SqlRunLog implements RunLog {

    /** The most records one transaction takes, so one commit stays short while callers wait for it. */
    static final int MAX_BATCH = 512;
    /** How long a record nobody waits for may wait for company before it is committed alone. */
    static final Duration LINGER = Duration.ofMillis(50);

    private static final String UPSERT = """
            INSERT INTO run_rows (run_key, row_id, state, prompt, output, input_tokens, output_tokens, error, updated_at)
            VALUES (:key, :row, :state, :prompt, :output, :input, :outputTokens, :error, :at)
            ON CONFLICT (run_key, row_id) DO UPDATE SET state = excluded.state,
                prompt = COALESCE(excluded.prompt, run_rows.prompt), output = COALESCE(excluded.output, run_rows.output),
                input_tokens = excluded.input_tokens + run_rows.input_tokens,
                output_tokens = excluded.output_tokens + run_rows.output_tokens,
                error = excluded.error, updated_at = excluded.updated_at
            """;

    private final Store store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong commits = new AtomicLong();

    public SqlRunLog(Store store) {
        this.store = store;
        // A platform thread: SQLite's driver waits for its lock in native code, which would pin a virtual thread's carrier.
        Thread.ofPlatform().name("wizzygen-run-log").daemon().start(this::commitForever);
        // Records saved without waiting are still stored when the process ends normally (a CLI run that finished).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::commitWhatIsQueued));
    }

    @Override
    public Optional<RowRecord> row(String runKey, String rowId) {
        return store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT row_id, state, prompt, output, input_tokens, output_tokens, error FROM run_rows WHERE run_key = :key AND row_id = :row")
                .bind("key", runKey).bind("row", rowId)
                .map((rs, ctx) -> new RowRecord(rs.getString("row_id"), State.valueOf(rs.getString("state")), rs.getString("prompt"),
                        rs.getString("output"), rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getString("error")))
                .findOne());
    }

    /** Upserts the row and returns once it is committed; a record without prompt or output keeps the ones stored before. */
    @Override
    public void save(String runKey, RowRecord record) {
        Pending pending = new Pending(runKey, record, Instant.now().toString(), true, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.committed().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Queued for the next transaction; the caller goes on at once (for records resume does not rely on). */
    @Override
    public void saveWithoutWaiting(String runKey, RowRecord record) {
        queue.add(new Pending(runKey, record, Instant.now().toString(), false, new CompletableFuture<>()));
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Records waiting for the committer (not counting the batch it is committing). */
    int queued() {
        return queue.size();
    }

    private record Pending(String runKey, RowRecord record, String at, boolean awaited, CompletableFuture<Void> committed) {
    }

    private void commitForever() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                waitForSomeoneWaiting(batch);
            } catch (InterruptedException e) {
                return;
            }
            commit(batch);
            batch.clear();
        }
    }

    /**
     * Records nobody waits for ride along with the next one somebody waits for, up to {@link #LINGER} later: one
     * transaction instead of two, and no extra page writes for rows already written to Notion.
     */
    private void waitForSomeoneWaiting(List<Pending> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH && batch.stream().noneMatch(Pending::awaited)) {
            Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void commitWhatIsQueued() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            commit(rest);
        }
    }

    /** One transaction for the batch, in the order the records were saved; every caller learns its outcome. */
    private void commit(List<Pending> batch) {
        try {
            store.jdbi().useTransaction(handle -> {
                PreparedBatch statement = handle.prepareBatch(UPSERT);
                for (Pending pending : batch) {
                    RowRecord record = pending.record();
                    statement.bind("key", pending.runKey()).bind("row", record.rowId()).bind("state", record.state().name())
                            .bind("prompt", record.prompt()).bind("output", record.output()).bind("input", record.inputTokens())
                            .bind("outputTokens", record.outputTokens()).bind("error", record.error()).bind("at", pending.at())
                            .add();
                }
                statement.execute();
            });
            commits.incrementAndGet();
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (Throwable e) { // whatever failed, no caller may wait forever for its record
            batch.forEach(pending -> pending.committed().completeExceptionally(e));
        }
    }
}
