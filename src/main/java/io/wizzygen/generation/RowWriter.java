package io.wizzygen.generation;

import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The one Notion writer of a database run: each row gets exactly one page update (the values of all its outputs,
 * the checkbox cleared, AI Status / AI Error where the database has them), in the order answers arrive. Before each write the
 * run's fence is checked, so a worker whose run was taken over writes nothing more; once the run is cancelled, the
 * answers still waiting are left to the next run (they are stored), so a stop does not wait on Notion's pace.
 */
final class RowWriter implements Runnable {

    static final String TAKEN_OVER = "Another server took this run over; this one stopped writing.";
    static final String CANCELLED = "The run was stopped before this row was written; its answer is kept for the next run.";

    private final DatabaseRunner.Plan plan;
    private final NotionClient notion;
    private final RunLog log;
    private final BlockingQueue<RowPipeline.Generated> queue;
    private final Consumer<DatabaseRunner.RowEvent> events;
    private final Spend spend;
    private final Semaphore inFlight;
    private final Fence fence;
    private final java.util.concurrent.atomic.AtomicBoolean cancel;
    final List<DatabaseRunner.RowEvent.Failed> failed = new ArrayList<>();
    int written;
    int notReached;
    volatile boolean fenced;

    RowWriter(DatabaseRunner.Plan plan, NotionClient notion, RunLog log, BlockingQueue<RowPipeline.Generated> queue,
              Consumer<DatabaseRunner.RowEvent> events, Spend spend, Semaphore inFlight, Fence fence,
              java.util.concurrent.atomic.AtomicBoolean cancel) {
        this.plan = plan;
        this.notion = notion;
        this.log = log;
        this.queue = queue;
        this.events = events;
        this.spend = spend;
        this.inFlight = inFlight;
        this.fence = fence;
        this.cancel = cancel;
    }

    private DatabaseRunner.Totals totals() {
        return new DatabaseRunner.Totals(written, failed.size(), spend.now());
    }

    @Override
    public void run() {
        while (true) {
            RowPipeline.Generated next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == RowPipeline.Generated.END) {
                return;
            }
            try {
                write(next);
            } finally {
                inFlight.release();
            }
        }
    }

    private void write(RowPipeline.Generated row) {
        if (row.kind() == RowPipeline.Generated.Kind.NOT_REACHED) {
            notReached(row, row.reason());
            return;
        }
        if (cancel.get()) {
            // A stop waits for no more Notion writes: the answer is in the run log, the next run writes it without asking again.
            notReached(row, CANCELLED);
            return;
        }
        if (fenced) {
            notReached(row, TAKEN_OVER);
            return;
        }
        if (row.kind() == RowPipeline.Generated.Kind.FAILED) {
            fail(row, row.reason(), true);
            return;
        }
        String rowId = row.page().id().value();
        Map<String, PropertyValue> update = new LinkedHashMap<>(row.values());
        update.put(plan.checkbox().name(), new PropertyValue.Checkbox(false));
        Map<String, PropertyValue> done = new LinkedHashMap<>();
        status(done, "Done");
        if (plan.error() != null) {
            done.put(plan.error().name(), new PropertyValue.Text(""));
        }
        // The run's own columns never overwrite an answer that was asked for in them.
        done.forEach(update::putIfAbsent);
        try {
            // The fence is asked right before the update leaves, after its wait for the rate limit: a worker paused in
            // that wait while its run was taken over sends nothing.
            notion.updatePage(row.page().id(), update, this::fenceHolds);
        } catch (NotionException e) {
            if (e.notSent()) {
                notReached(row, TAKEN_OVER);
            } else {
                fail(row, e.userMessage(), false);
            }
            return;
        }
        // Not needed for resume (a lost mark only means the stored answer is written once more), so it is not waited for.
        log.written(plan.runKey(), row.record());
        written++;
        events.accept(new DatabaseRunner.RowEvent.Written(rowId, row.page().title(), shown(row), row.tokens(), row.reused(), totals()));
    }

    /** What the app shows of a written row: the first output's value, as its grid shows that column. */
    private String shown(RowPipeline.Generated row) {
        PropertyValue first = row.values().get(plan.outputs().getFirst().name());
        return first == null ? row.output() : first.asText();
    }

    private boolean fenceHolds() {
        fenced = fenced || !fence.holds();
        return !fenced;
    }

    private void notReached(RowPipeline.Generated row, String reason) {
        notReached++;
        events.accept(new DatabaseRunner.RowEvent.NotReached(row.page().id().value(), row.page().title(), reason, totals()));
    }

    /** Records the failure and, where the database has AI Status / AI Error, shows it on the row (still ticked). */
    private void fail(RowPipeline.Generated row, String reason, boolean showInNotion) {
        DatabaseRunner.RowEvent.Failed event = new DatabaseRunner.RowEvent.Failed(row.page().id().value(), row.page().title(), reason,
                new DatabaseRunner.Totals(written, failed.size() + 1, spend.now()));
        failed.add(event);
        events.accept(event);
        if (!showInNotion || (plan.status() == null && plan.error() == null)) {
            return;
        }
        Map<String, PropertyValue> update = new LinkedHashMap<>();
        status(update, "Failed");
        if (plan.error() != null) {
            update.put(plan.error().name(), new PropertyValue.Text(reason));
        }
        try {
            if (!update.isEmpty()) {
                notion.updatePage(row.page().id(), update, this::fenceHolds);
            }
        } catch (NotionException ignored) {
            // the failure is already reported in the summary; Notion refusing to show it changes nothing
        }
    }

    private void status(Map<String, PropertyValue> update, String option) {
        PropertySchema status = plan.status();
        if (status != null && status.options().contains(option)) {
            update.put(status.name(), status.type().equals("status") ? new PropertyValue.Status(option) : new PropertyValue.Select(option));
        }
    }
}
