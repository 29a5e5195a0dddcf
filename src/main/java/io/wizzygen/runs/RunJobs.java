package io.wizzygen.runs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs as jobs of db-scheduler on the store: one execution per run, picked by one worker at a time, with heartbeats,
 * so a worker that dies (kill -9, a lost machine) has its runs revived on another worker — or on itself when it
 * starts again — and resumed from the run log. A watch ("Keep running") is a job of the same engine: one execution
 * per watched connection that polls once and plans its next poll, revived the same way.
 */
final class RunJobs implements AutoCloseable {

    static final String TASK = "wizzygen-run";
    static final String WATCH_TASK = "wizzygen-watch";
    /** Heartbeats every 2 s; six missed (12 s) mark an execution dead, so a dead worker's run moves within 30 s. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final int MISSED_HEARTBEATS = 6;
    /** How long a stopping server waits for its runs to finish the rows already started. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(25);
    /** Runs one server executes at once; more wait their turn (each holds a thread for its whole run). */
    static final int THREADS = 32;

    /** What became of one execution, which decides what db-scheduler does with it. */
    enum Ending {
        /** The run has its outcome: the execution is removed. */
        FINISHED,
        /** The server is shutting down mid-run: the execution is due again at once (here at the next start, or elsewhere). */
        INTERRUPTED,
        /** Another worker took the run over: its execution is that worker's now, so this one leaves it alone. */
        TAKEN_OVER
    }

    private final Scheduler scheduler;
    private final CustomTask<Void> task;

    /** {@code poll} polls a watch once and answers when to poll it next (empty: the watch has stopped, its job goes). */
    RunJobs(DataSource dataSource, String worker, Function<String, Ending> execute, Function<String, Optional<Instant>> poll) {
        this.task = Tasks.custom(TASK, Void.class)
                .onDeadExecutionRevive()
                .execute((instance, context) -> switch (execute.apply(instance.getId())) {
                    case FINISHED -> new CompletionHandler.OnCompleteRemove<>();
                    case INTERRUPTED -> (complete, operations) -> operations.reschedule(complete, Instant.now());
                    case TAKEN_OVER -> (complete, operations) -> { };
                });
        CustomTask<Void> watch = Tasks.custom(WATCH_TASK, Void.class)
                .onDeadExecutionRevive()
                .execute((instance, context) -> poll.apply(instance.getId())
                        .<CompletionHandler<Void>>map(next -> (complete, operations) -> operations.reschedule(complete, next))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new));
        reviveOwnPicks(dataSource, worker);
        this.scheduler = Scheduler.create(dataSource, task, watch)
                .schedulerName(new SchedulerName.Fixed(worker))
                .threads(THREADS)
                .pollingInterval(Duration.ofSeconds(1))
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .shutdownMaxWait(SHUTDOWN_WAIT)
                .enableImmediateExecution()
                .build();
        scheduler.start();
    }

    void schedule(String runId) {
        scheduler.schedule(new TaskInstance<Void>(TASK, runId), Instant.now());
    }

    /**
     * Polls the watch at {@code at}, instead of when it was planned; false when it is polling right now (its poll plans
     * the next one itself).
     */
    boolean watch(String connectionId, Instant at) {
        try {
            scheduler.schedule(new TaskInstance<Void>(WATCH_TASK, connectionId), at, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
            return true;
        } catch (TaskInstanceException executing) {
            return false;
        }
    }

    /** No more polls of the watch (one polling right now finds it switched off and ends). */
    void unwatch(String connectionId) {
        try {
            scheduler.cancel(new TaskInstance<Void>(WATCH_TASK, connectionId));
        } catch (TaskInstanceException goneOrPolling) {
            // nothing planned, or a poll under way that will find the watch gone
        }
    }

    /**
     * Executions this worker had picked before it started (it was killed and started again under the same name) are
     * due at once, instead of after the heartbeats that would mark them dead.
     */
    private static void reviveOwnPicks(DataSource dataSource, String worker) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement revive = connection.prepareStatement("UPDATE scheduled_tasks SET picked = ?, picked_by = NULL, "
                     + "last_heartbeat = NULL, execution_time = ?, version = version + 1 WHERE task_name IN (?, ?) AND picked_by = ?")) {
            revive.setBoolean(1, false);
            revive.setTimestamp(2, Timestamp.from(Instant.now()));
            revive.setString(3, TASK);
            revive.setString(4, WATCH_TASK);
            revive.setString(5, worker);
            revive.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The run jobs of " + worker + " cannot be revived: " + e.getMessage(), e);
        }
    }

    /** Stops picking new runs and waits (up to {@link #SHUTDOWN_WAIT}) for the ones running to end. */
    @Override
    public void close() {
        scheduler.stop();
    }
}
