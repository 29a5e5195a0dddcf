package io.wizzygen.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.Fence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One run being executed by this worker: its lease, its progress turned into events and written to the store in
 * small batches (every {@link RunExecutor#FLUSH_EVERY} or at the end), and the flags that stop it — a cancel when the
 * server is shutting down (the run resumes at the next start), a lost lease when another worker took it over.
 */
final class Execution implements Consumer<Progress> {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Row events kept per run for the progress panel; older ones are forgotten (the counts are kept apart). */
    static final int KEPT_ROW_EVENTS = 1000;

    final Run run;
    final RunStore.Lease lease;
    final AtomicBoolean cancel = new AtomicBoolean();
    private final RunStore store;
    private final List<RunEvent> pending = new ArrayList<>();
    private long nextSeq;
    private long flushedSeq;
    private RunStore.Counts counts = RunStore.Counts.NONE;
    private volatile boolean interrupted;
    private volatile boolean lost;

    Execution(Run run, RunStore.Lease lease, RunStore store) {
        this.run = run;
        this.lease = lease;
        this.store = store;
        this.nextSeq = lease.nextSeq();
        this.flushedSeq = lease.nextSeq() - 1;
        this.counts = new RunStore.Counts(writtenBefore(), 0, 0, run.tokens(), run.cost());
    }

    /** Rows an earlier execution of this run wrote (before a restart); this one counts on from there. */
    int writtenBefore() {
        return lease.resumed() ? run.written() : 0;
    }

    /** The fence generation checks before each Notion write: the lease is still this worker's. */
    Fence fence() {
        return () -> {
            if (!lost && !store.holds(run.id(), lease.epoch())) {
                lost = true;
            }
            return !lost;
        };
    }

    /** The server is shutting down: rows already started finish, the rest wait for the next start. */
    void interrupt() {
        interrupted = true;
        cancel.set(true);
    }

    boolean interrupted() {
        return interrupted;
    }

    boolean lost() {
        return lost;
    }

    @Override
    public void accept(Progress progress) {
        switch (progress) {
            case Progress.Started started -> {
                ObjectNode data = JSON.createObjectNode().put("engine", started.engine());
                emit("start", started.output() == null ? data : data.put("output", started.output()));
            }
            case Progress.Text text -> text(text.piece());
            case Progress.Blocks blocks -> emit("blocks", JSON.createObjectNode().put("total", blocks.total()));
            case Progress.Row row -> row(row);
        }
    }

    private void row(Progress.Row row) {
        ObjectNode data = JSON.createObjectNode().put("rowId", row.rowId()).put("title", row.title()).put("state", row.state().word());
        if (row.output() != null) {
            data.put("output", row.output());
        }
        if (row.reason() != null) {
            data.put("reason", row.reason());
        }
        DatabaseRunner.Totals totals = row.totals();
        if (totals != null) {
            data.put("written", writtenBefore() + totals.written()).put("failed", totals.failed()).put("tokens", totals.cost().tokens())
                    .put("cost", totals.cost().describe());
            synchronized (this) {
                counts = new RunStore.Counts(writtenBefore() + totals.written(), totals.failed(),
                        counts.notReached() + (row.state() == Progress.RowState.NOT_REACHED ? 1 : 0), totals.cost().tokens(),
                        totals.cost().describe());
            }
        }
        emit("row", data);
    }

    /** Pieces of text written within one batch go out as one event. */
    private synchronized void text(String piece) {
        if (!pending.isEmpty() && pending.getLast().name().equals("text")) {
            RunEvent last = pending.removeLast();
            String joined = JSON.createObjectNode().put("piece", piece(last) + piece).toString();
            pending.add(new RunEvent(last.seq(), "text", joined));
            return;
        }
        emit("text", JSON.createObjectNode().put("piece", piece));
    }

    private static String piece(RunEvent text) {
        try {
            return JSON.readTree(text.data()).path("piece").asText();
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    synchronized void emit(String name, ObjectNode data) {
        pending.add(new RunEvent(nextSeq++, name, data.toString()));
    }

    /** Writes the events gathered since the last flush; answers the last event number written (or -1 when the lease is lost). */
    long flush() {
        List<RunEvent> batch;
        RunStore.Counts now;
        synchronized (this) {
            if (pending.isEmpty()) {
                return flushedSeq;
            }
            batch = List.copyOf(pending);
            pending.clear();
            now = counts;
        }
        if (lost || !store.record(run.id(), lease.epoch(), now, batch)) {
            lost = true;
            return -1;
        }
        flushedSeq = batch.getLast().seq();
        if (flushedSeq % (KEPT_ROW_EVENTS / 4) < batch.size()) {
            store.forgetRowEvents(run.id(), flushedSeq - KEPT_ROW_EVENTS);
        }
        return flushedSeq;
    }

    /** Ends the run with its outcome: the last events and the "done" event written with it, in one go. */
    boolean finish(Outcome outcome, Instant now) {
        ObjectNode done = JSON.createObjectNode().put("ok", outcome.ok()).put("status", outcome.status().label())
                .put("message", outcome.message()).put("written", outcome.written()).put("failed", outcome.failed())
                .put("notReached", outcome.notReached());
        if (outcome.url() != null) {
            done.put("url", outcome.url());
        }
        if (outcome.upgrade()) {
            done.put("upgrade", "/upgrade");
        }
        List<RunEvent> last;
        synchronized (this) {
            emit("done", done);
            last = List.copyOf(pending);
            pending.clear();
        }
        RunStore.Counts finalCounts = new RunStore.Counts(outcome.written(), outcome.failed(), outcome.notReached(), outcome.tokens(),
                outcome.cost());
        boolean finished = !lost && store.finish(run.id(), lease.epoch(), outcome.status(), finalCounts, outcome.message(), last, now);
        if (finished) {
            flushedSeq = last.getLast().seq();
        }
        return finished;
    }

    long flushedSeq() {
        return flushedSeq;
    }
}
