package io.wizzygen.store;

import io.wizzygen.generation.RunLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable run log: each row's stored answer and state, so a restarted run repeats no stored AI call.
 * Records are appended under ids that grow with time, so a transaction's records land on the last pages of the
 * table and its key; a run finds its rows' stored answers in its short list of unwritten ones, read once, never
 * through a per-row index (whose random pages every commit would rewrite).
 * <p>
 * Saves are group-committed: one committer thread gathers the records that arrive together (for up to
 * {@link #GATHER}, ending sooner once none came for {@link #QUIET}) into one transaction, and {@link #save}
 * returns only once the transaction holding its record has committed, so "stored before written to Notion" holds
 * as it did with one commit per record, at a fraction of the commits and disk writes. Marks (written, failed) nobody
 * waits for ride along with the next records saved, up to {@link #LINGER} later.
 */
public final class SqlRunLog implements RunLog {

    /** The most records one transaction takes, so one commit stays short while callers wait for it. */
    static final int MAX_BATCH = 512;
    /** How long a record someone waits for gathers company before its transaction begins. */
    static final Duration GATHER = Duration.ofMillis(20);
    /** Gathering ends sooner once no record came for this long: a lone saver waits little more than its commit. */
    static final Duration QUIET = Duration.ofMillis(5);
    /** How long a mark nobody waits for may wait for company before it is committed alone. */
    static final Duration LINGER = Duration.ofMillis(50);

    private static final String INSERT = """
            INSERT INTO run_records (run_key, seq, row_id, state, prompt, output, input_tokens, output_tokens, error, updated_at)
            VALUES (:key, :seq, :row, :state, :prompt, :output, :input, :outputTokens, :error, :at)
            ON CONFLICT (run_key, seq) DO NOTHING
            """;
    private static final String MARK = "UPDATE run_records SET state = :state, error = :error, updated_at = :at WHERE run_key = :key AND seq = :seq";
    private static final String COLUMNS = "seq, row_id, state, prompt, output, input_tokens, output_tokens, error";

    /** The last id given in this process; ids are time in microseconds times 1024 plus this process's own tag. */
    private static final AtomicLong LAST_ID = new AtomicLong();
    private static final long PROCESS_TAG = ThreadLocalRandom.current().nextLong(1024);

    private final Store store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicBoolean committing = new AtomicBoolean();

    public SqlRunLog(Store store) {
        this.store = store;
        // A platform thread: SQLite's driver waits for its lock in native code, which would pin a virtual thread's carrier.
        Thread.ofPlatform().name("wizzygen-run-log").daemon().start(this::commitForever);
        // Marks saved without waiting are still stored when the process ends normally (a CLI run that finished).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::commitWhatIsQueued));
    }

    @Override
    public Optional<RowRecord> row(String runKey, String rowId) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM run_records WHERE run_key = :key AND row_id = :row ORDER BY seq DESC LIMIT 1")
                .bind("key", runKey).bind("row", rowId).map((rs, ctx) -> saved(rs).record()).findFirst());
    }

    @Override
    public Map<String, Saved> unwritten(String runKey) {
        Map<String, Saved> latest = new HashMap<>();
        // through the partial index of unwritten answers: as many as are unwritten, however many records the run key has
        store.jdbi().useHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM run_records WHERE run_key = :key AND state = 'GENERATED' AND output IS NOT NULL")
                .bind("key", runKey).map((rs, ctx) -> saved(rs))
                .forEach(saved -> latest.merge(saved.record().rowId(), saved, (a, b) -> a.id() > b.id() ? a : b)));
        return latest;
    }

    @Override
    public Optional<String> output(String runKey, long id) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT output FROM run_records WHERE run_key = :key AND seq = :seq")
                .bind("key", runKey).bind("seq", id).mapTo(String.class).list().stream().filter(Objects::nonNull).findFirst());
    }

    /** Appends the record and returns its id once it is committed. */
    @Override
    public long save(String runKey, RowRecord record) {
        Insert insert = new Insert(runKey, record, Instant.now().toString(), new CompletableFuture<>());
        queue.add(insert);
        try {
            return insert.stored().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public void written(String runKey, long id) {
        queue.add(new Mark(runKey, id, State.WRITTEN, null, Instant.now().toString()));
    }

    @Override
    public void failed(String runKey, long id, String reason) {
        queue.add(new Mark(runKey, id, State.FAILED, reason, Instant.now().toString()));
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Records waiting for the committer (not counting the batch it is committing). */
    int queued() {
        return queue.size();
    }

    /** Whether the committer is inside a transaction now. */
    boolean committing() {
        return committing.get();
    }

    private sealed interface Pending permits Insert, Mark {
    }

    /** A record to append; its caller waits for the id it is stored under. */
    private record Insert(String runKey, RowRecord record, String at, CompletableFuture<Long> stored) implements Pending {
    }

    /** A record written to Notion or failed; nobody waits for this. */
    private record Mark(String runKey, long id, State state, String error, String at) implements Pending {
    }

    private void commitForever() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                gather(batch);
            } catch (InterruptedException e) {
                return;
            }
            commit(batch);
            batch.clear();
        }
    }

    /**
     * Records that arrive together share a transaction: once someone waits, the batch takes what comes within
     * {@link #GATHER} (ending after {@link #QUIET} without a record); marks alone wait up to {@link #LINGER} for a record.
     */
    private void gather(List<Pending> batch) throws InterruptedException {
        long started = System.nanoTime();
        long awaitedSince = batch.stream().anyMatch(Insert.class::isInstance) ? started : -1;
        while (batch.size() < MAX_BATCH) {
            long now = System.nanoTime();
            long left = awaitedSince >= 0 ? Math.min(awaitedSince + GATHER.toNanos() - now, QUIET.toNanos()) : started + LINGER.toNanos() - now;
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            int from = batch.size();
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (awaitedSince < 0 && batch.subList(from, batch.size()).stream().anyMatch(Insert.class::isInstance)) {
                awaitedSince = System.nanoTime();
            }
        }
    }

    private void commitWhatIsQueued() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            commit(rest);
        }
    }

    /** One transaction for the batch: the records appended in the order they came, then the marks; every caller learns its outcome. */
    private void commit(List<Pending> batch) {
        List<Insert> inserts = batch.stream().filter(Insert.class::isInstance).map(Insert.class::cast).toList();
        List<Mark> marks = batch.stream().filter(Mark.class::isInstance).map(Mark.class::cast).toList();
        committing.set(true);
        try {
            long[] ids = store.jdbi().inTransaction(handle -> {
                long[] given = append(handle, inserts);
                if (!marks.isEmpty()) {
                    PreparedBatch statement = handle.prepareBatch(MARK);
                    marks.forEach(mark -> statement.bind("key", mark.runKey()).bind("seq", mark.id()).bind("state", mark.state().name())
                            .bind("error", mark.error()).bind("at", mark.at()).add());
                    statement.execute();
                }
                return given;
            });
            commits.incrementAndGet();
            for (int i = 0; i < inserts.size(); i++) {
                inserts.get(i).stored().complete(ids[i]);
            }
        } catch (Throwable e) { // whatever failed, no caller may wait forever for its record
            inserts.forEach(insert -> insert.stored().completeExceptionally(e));
        } finally {
            committing.set(false);
        }
    }

    /** Inserts the records under new ids; one whose id another process took at the same microsecond gets the next. */
    private static long[] append(Handle handle, List<Insert> inserts) {
        long[] ids = new long[inserts.size()];
        List<Integer> toInsert = new ArrayList<>();
        for (int i = 0; i < inserts.size(); i++) {
            toInsert.add(i);
        }
        while (!toInsert.isEmpty()) {
            PreparedBatch statement = handle.prepareBatch(INSERT);
            for (int i : toInsert) {
                ids[i] = nextId();
                RowRecord record = inserts.get(i).record();
                statement.bind("key", inserts.get(i).runKey()).bind("seq", ids[i]).bind("row", record.rowId()).bind("state", record.state().name())
                        .bind("prompt", record.prompt()).bind("output", record.output()).bind("input", record.inputTokens())
                        .bind("outputTokens", record.outputTokens()).bind("error", record.error()).bind("at", inserts.get(i).at())
                        .add();
            }
            int[] counts = statement.execute();
            List<Integer> taken = new ArrayList<>();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    taken.add(toInsert.get(k));
                }
            }
            toInsert = taken;
        }
        return ids;
    }

    private static long nextId() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return LAST_ID.updateAndGet(last -> Math.max(last + 1024, micros * 1024 + PROCESS_TAG));
    }

    private static Saved saved(ResultSet rs) throws SQLException {
        return new Saved(rs.getLong("seq"), new RowRecord(rs.getString("row_id"), State.valueOf(rs.getString("state")), rs.getString("prompt"),
                rs.getString("output"), rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getString("error")));
    }
}
