package io.wizzygen.runs;

import io.wizzygen.connections.Connections;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.store.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries out the runs this worker picked: takes each one's lease (resuming what an earlier worker left), runs the
 * page or database flow with the account's clients as they are now, writes progress to the store in small batches,
 * and ends the run with its outcome — or, when the server stops, leaves it due for the next worker.
 */
final class RunExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    /** How often progress reaches the store (and so the progress panels). */
    static final Duration FLUSH_EVERY = Duration.ofMillis(100);
    static final String RESUMED = "Resumed after a restart: rows already written are not written again, stored answers are not asked again.";

    private final RunService runs;
    private final RunService.Deps deps;
    private final Supplier<Watches> watches;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, Long> flushed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("wizzygen-run-progress").daemon().factory());
    private volatile boolean stopping;

    RunExecutor(RunService runs, RunService.Deps deps, Supplier<Watches> watches) {
        this.runs = runs;
        this.deps = deps;
        this.watches = watches;
        flusher.scheduleWithFixedDelay(this::flushAll, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One execution of a run by this worker (db-scheduler calls it); answers what db-scheduler should do next. */
    RunJobs.Ending execute(String runId, String worker) {
        Optional<Run> found = deps.runs().find(runId);
        if (found.isEmpty() || found.get().finished()) {
            return RunJobs.Ending.FINISHED;
        }
        if (stopping) {
            return RunJobs.Ending.INTERRUPTED;
        }
        Run run = found.get();
        RunStore.Lease lease = deps.runs().take(runId, worker, deps.clock().instant());
        Execution execution = new Execution(run, lease, deps.runs());
        executions.put(runId, execution);
        try {
            // Prompts held by an earlier execution of this run died with it: they go back to the plan.
            deps.quota().giveBackHeldFor(runId);
            if (lease.resumed()) {
                execution.emit("resumed", Execution.JSON.createObjectNode().put("message", RESUMED));
            }
            Outcome outcome = outcome(run, execution);
            if (execution.lost()) {
                LOG.info("Run {} was taken over by another server while this one was away; this one stopped writing for it.", runId);
                return RunJobs.Ending.TAKEN_OVER;
            }
            if (execution.interrupted() && outcome.status() != RunStatus.DONE) {
                execution.flush();
                return RunJobs.Ending.INTERRUPTED;
            }
            finish(run, execution, outcome);
            return execution.lost() ? RunJobs.Ending.TAKEN_OVER : RunJobs.Ending.FINISHED;
        } catch (RuntimeException unexpected) {
            LOG.error("Run {} stopped on an unexpected error", runId, unexpected);
            finish(run, execution, Outcome.failed("The run stopped on an unexpected error (" + unexpected.getClass().getSimpleName()
                    + "); the server's log has the details. Rows not written stay ticked.", false));
            return RunJobs.Ending.FINISHED;
        } finally {
            executions.remove(runId);
            synchronized (flushed) {
                flushed.remove(runId);
                flushed.notifyAll();
            }
        }
    }

    /** The run carried out with the account's clients as they are now; what cannot even start is its outcome too. */
    private Outcome outcome(Run run, Execution execution) {
        try {
            Settings saved = deps.settings().load(run.account());
            NotionClient notion = runs.notionOrProblem(saved);
            MeteredEngine engine = runs.engineOrProblem(run.account(), saved, run.spec(), run.id());
            return run.kind() == Run.Kind.PAGE ? page(run, execution, notion, engine) : database(run, execution, notion, engine);
        } catch (RunProblem problem) {
            return Outcome.failed(problem.getMessage(), false);
        }
    }

    private Outcome page(Run run, Execution execution, NotionClient notion, MeteredEngine engine) {
        if (run.resumes() > 0 && wroteBlocks(run.id())) {
            return Outcome.failed("The server restarted while this page was being written: the page holds the beginning of the answer. "
                    + "Press Generate again with Replace to write it whole.", false);
        }
        RunSpec spec = run.spec();
        PageGenerator.Job job = new PageGenerator.Job(spec.url(), spec.prompt(), spec.option("mode").equals("replace"),
                spec.flag("withPageText"), spec.optionOrNull("model"), spec.temperature());
        return Flows.page(new PageGenerator(notion, engine, deps.prices()), job, engine.label(), engine::usedUp, execution);
    }

    private boolean wroteBlocks(String runId) {
        return deps.runs().events(runId, 0, Integer.MAX_VALUE).stream().anyMatch(event -> event.name().equals("blocks"));
    }

    private Outcome database(Run run, Execution execution, NotionClient notion, MeteredEngine engine) {
        DatabaseRunner runner = new DatabaseRunner(notion, engine, runs.runLog(run.account()), deps.prices());
        return Flows.database(runner, RunService.plan(runner, run.spec()), engine.label(), engine::usedUp, execution, execution.cancel, execution.fence())
                .plusEarlier(execution.writtenBefore());
    }

    /**
     * The connection's status and last run into the Connections database, then the run's outcome into the store: once
     * a run reads as finished, its connection says so too.
     */
    private void finish(Run run, Execution execution, Outcome outcome) {
        Instant now = deps.clock().instant();
        if (!execution.fence().holds()) {
            return;
        }
        Connections connections = deps.connections().apply(run.account());
        connections.find(run.connectionId()).ifPresent(connection -> connections.save(connection.withRun(outcome.status().label(), now)));
        if (execution.finish(outcome, now)) {
            signal(run.id(), execution.flushedSeq());
            Watches watching = watches.get();
            if (watching != null) {
                watching.runFinished(run, outcome);
            }
        }
    }

    private void flushAll() {
        for (Execution execution : executions.values()) {
            try {
                long seq = execution.flush();
                if (seq >= 0) {
                    signal(execution.run.id(), seq);
                }
            } catch (RuntimeException e) {
                LOG.warn("The progress of run {} could not be saved; it is tried again", execution.run.id(), e);
            }
        }
    }

    private void signal(String runId, long seq) {
        synchronized (flushed) {
            flushed.merge(runId, seq, Math::max);
            flushed.notifyAll();
        }
    }

    /**
     * Waits until this server has written events of the run after {@code afterSeq}, or {@code max} has passed (a run
     * executed by another server is seen by asking the store again).
     */
    void awaitEvents(String runId, long afterSeq, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (flushed) {
            while (flushed.getOrDefault(runId, Long.MIN_VALUE) <= afterSeq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(flushed, left);
            }
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** The server is stopping: runs going here finish the rows already started and are left due for the next worker. */
    void stopping(boolean now) {
        stopping = now;
        if (now) {
            executions.values().forEach(Execution::interrupt);
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushAll();
    }
}
