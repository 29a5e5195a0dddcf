package io.wizzygen.runs;

import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.Fence;
import io.wizzygen.generation.WatchQuery;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A watch in the foreground ({@code generate database --watch}): the same polls as a durable watch ({@link WatchPoll},
 * the same overlap and page size), its cursor and memory of failed rows kept in memory, each trigger run in place as
 * the command line runs a database, until {@code stop} is set (Ctrl-C) or a run stops early (the breaker, a run that
 * cannot run at all).
 */
public final class ForegroundWatch {

    /** How the watch ended: the runs it started, rows written and failed in all, and why it stopped (null: it was asked to). */
    public record Ending(int runs, int written, int failed, String stoppedBecause) {
    }

    private final NotionClient notion;
    private final DatabaseRunner runner;
    private final DatabaseRunner.Plan plan;
    private final WatchQuery query;
    private final Map<String, WatchStore.RowMemory> memory = new HashMap<>();

    public ForegroundWatch(NotionClient notion, DatabaseRunner runner, DatabaseRunner.Plan plan) {
        this.notion = notion;
        this.runner = runner;
        this.plan = plan;
        this.query = WatchQuery.of(plan);
    }

    /**
     * Polls every {@code every} until {@code stop} is set; {@code say} tells what triggered each run, {@code progress} its
     * rows, as a run in the foreground does.
     */
    public Ending run(String engine, BooleanSupplier usedUp, Duration every, Consumer<Progress> progress, Consumer<String> say,
                      AtomicBoolean stop) {
        Instant cursor = null;
        String latestRun = null;
        Set<String> failedInLatest = Set.of();
        int runs = 0;
        int written = 0;
        int failed = 0;
        while (!stop.get()) {
            Instant pollStart = Instant.now();
            try {
                WatchPoll.Decision decision;
                try (Stream<WatchQuery.Seen> rows = query.changed(notion, cursor == null ? null : cursor.minus(Watches.OVERLAP), null,
                        Watches.PAGE_SIZE)) {
                    Set<String> failedNow = failedInLatest;
                    decision = WatchPoll.decide(rows.iterator(), () -> failedNow, latestRun, memory);
                }
                decision.remember().forEach(row -> memory.put(row.rowId(), row));
                decision.toTick().forEach(row -> query.tick(notion, row.id()));
                if (decision.readAll()) {
                    cursor = pollStart;
                }
                if (decision.run()) {
                    say.accept("Triggered: " + decision.trigger());
                    Set<String> failedRows = new HashSet<>();
                    Outcome outcome = Flows.database(runner, plan, engine, usedUp, row -> {
                        if (row instanceof Progress.Row r && r.state() == Progress.RowState.FAILED) {
                            failedRows.add(r.rowId());
                        }
                        progress.accept(row);
                    }, stop, Fence.NONE);
                    runs++;
                    written += outcome.written();
                    failed += outcome.failed();
                    latestRun = "run " + runs;
                    failedInLatest = Set.copyOf(failedRows);
                    String reason = stop.get() ? null : Watches.stopReason(outcome);
                    if (reason != null) {
                        return new Ending(runs, written, failed, reason);
                    }
                }
            } catch (NotionException e) {
                if (!Watches.passing(e)) {
                    return new Ending(runs, written, failed, "Notion refused the watch's query: " + e.userMessage());
                }
                say.accept("Notion could not be asked (" + e.userMessage() + "); looking again in " + every.toSeconds() + " s.");
            }
            waitFor(pollStart.plus(every), stop);
        }
        return new Ending(runs, written, failed, null);
    }

    /** Waits until {@code until}, or less once {@code stop} is set. */
    private static void waitFor(Instant until, AtomicBoolean stop) {
        while (!stop.get() && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, Duration.between(Instant.now(), until).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
    }
}
