package io.wizzygen.cli;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.runs.ForegroundWatch;
import io.wizzygen.runs.Outcome;
import io.wizzygen.runs.Progress;
import io.wizzygen.runs.Watches;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code generate database ... --watch}: keeps running in the foreground until Ctrl-C, printing each row as it is
 * written, and a line for what triggered each run. Ctrl-C lets the rows already started finish, as a run does.
 */
final class DatabaseWatch {

    private DatabaseWatch() {
    }

    static int run(NotionClient notion, DatabaseRunner runner, DatabaseRunner.Plan plan, AiEngine engine, PrintWriter out, PrintWriter err) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            stop.set(true);
            System.err.println("Stopping: finishing the rows already started …");
            try {
                finished.await(DatabaseCommand.CANCEL_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        out.printf("Keeping \"%s\" running: rows ticked in \"%s\" are generated as they come, looked for every %d s. Ctrl-C stops.%n",
                plan.job().databaseLink(), plan.checkbox().name(), Watches.DEFAULT_EVERY.toSeconds());
        out.flush();
        try {
            ForegroundWatch.Ending ending = new ForegroundWatch(notion, runner, plan).run(engine.label(),
                    () -> engine instanceof MeteredEngine metered && metered.usedUp(), Watches.DEFAULT_EVERY, progress -> {
                        if (progress instanceof Progress.Row row && row.totals() != null) {
                            out.println(DatabaseCommand.line(row));
                            out.flush();
                        }
                    }, say -> {
                        out.println(say);
                        out.flush();
                    }, stop);
            // Said before the shutdown hook is let go: once it returns, the process may end at any moment.
            out.printf("%s, %s written, %d failed.%n", Outcome.plural(ending.runs(), "run"), Outcome.plural(ending.written(), "row"),
                    ending.failed());
            out.flush();
            if (ending.stoppedBecause() != null) {
                err.println("Stopped: " + ending.stoppedBecause());
                err.flush();
                return GenerateCommand.SETUP_ERROR;
            }
            return ending.failed() == 0 ? GenerateCommand.OK : GenerateCommand.SOME_ROWS_FAILED;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it returns now that the watch has ended
            }
        }
    }
}
