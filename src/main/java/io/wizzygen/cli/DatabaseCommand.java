package io.wizzygen.cli;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.store.SqlRunLog;
import io.wizzygen.store.Store;
import io.wizzygen.notion.NotionIds;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code wizzygen generate database}: one AI answer per ticked row. */
@Command(name = "database", mixinStandardHelpOptions = true,
        description = {"Writes one AI answer into each ticked row of a Notion database (one update per row: the answer,",
            "the checkbox cleared, and AI Status / AI Error where the database has them).",
            "Exit 0 when every row succeeded, 2 when some rows failed (listed with their reasons), 1 on a setup error."})
final class DatabaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The database's link or id, e.g. " + NotionIds.EXAMPLE)
    String url;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT",
            description = "What each row should get; {{Property}} inserts a row's value (without placeholders the inputs are added).")
    String prompt;

    @Option(names = "--input", paramLabel = "P", description = "Input property (repeatable; default: the title).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", paramLabel = "P", description = "Output property (default: the first text property that is not an input).")
    String output;

    @Option(names = "--checkbox", paramLabel = "P", description = "Checkbox that marks rows to process (default: the first checkbox).")
    String checkbox;

    @Option(names = "--only-empty", description = "Only rows whose output is still empty.")
    boolean onlyEmpty;

    @Option(names = "--limit", paramLabel = "N", description = "Process at most N rows.")
    Integer limit;

    @Option(names = "--concurrency", paramLabel = "N", description = "AI calls in flight (default: sized for the engine).")
    Integer concurrency;

    @Option(names = "--preview", paramLabel = "N", description = "Generate the first N rows and show them; write nothing.")
    Integer preview;

    @Option(names = "--data-source", paramLabel = "NAME", description = "Which data source, when the database has several.")
    String dataSource;

    @Mixin
    Connect connect;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AiEngine engine = connect.engine();
        Store store = connect.store();
        DatabaseRunner runner = new DatabaseRunner(connect.notion(), engine, new SqlRunLog(store), connect.prices());
        DatabaseRunner.Plan plan = runner.plan(new DatabaseJob(url, prompt, inputs, output, checkbox, onlyEmpty, limit, concurrency,
                dataSource, connect.model, null));
        out.printf("Writing \"%s\" from %s with %s …%n", plan.output().name(), String.join(", ", plan.inputs()), engine.label());
        out.flush();
        if (preview != null) {
            for (DatabaseRunner.PreviewRow row : runner.preview(plan, preview)) {
                out.println("• " + row.title() + "\n    prompt: " + row.prompt().replace("\n", " ⏎ ")
                        + "\n    " + (row.error() == null ? "answer: " + row.answer() : "failed: " + row.error()));
            }
            out.println("Preview only: nothing was written.");
            return GenerateCommand.OK;
        }
        DatabaseRunner.Summary summary = run(runner, plan, out);
        out.printf("%d rows written, %d failed, %d AI calls, %d tokens (%s), %.1f s (%.2f rows/s).%n", summary.written(),
                summary.failed().size(), summary.aiCalls(), summary.cost().tokens(), summary.cost().describe(),
                summary.elapsed().toMillis() / 1000.0, summary.rowsPerSecond());
        for (DatabaseRunner.RowEvent.Failed failed : summary.failed()) {
            out.println("  ✗ " + failed.title() + ": " + failed.reason());
        }
        if (summary.stoppedBecause() != null) {
            err.println("Stopped: " + summary.stoppedBecause() + " Rows not written stay ticked for the next run.");
            return summary.written() == 0 && summary.failed().isEmpty() ? GenerateCommand.SETUP_ERROR : GenerateCommand.SOME_ROWS_FAILED;
        }
        return summary.failed().isEmpty() ? GenerateCommand.OK : GenerateCommand.SOME_ROWS_FAILED;
    }

    /** Console.isTerminal() exists from Java 22; on 21 a console is only there for a terminal anyway. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }

    /**
     * Runs with a live bar on a terminal, plain lines otherwise (logs, pipes, CI). Ctrl-C cancels cleanly: no new
     * row starts, answers already asked for are stored and written, and the process waits for that (up to
     * {@link #CANCEL_GRACE}) before it exits; whatever is left stays ticked, with its stored answer reused next time.
     */
    private static DatabaseRunner.Summary run(DatabaseRunner runner, DatabaseRunner.Plan plan, PrintWriter out) {
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancel.set(true);
            System.err.println("Cancelling: finishing the rows already started …");
            awaitQuietly(finished);
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            if (isTerminal()) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("rows").setStyle(ProgressBarStyle.ASCII).setInitialMax(-1)
                        .continuousUpdate().build()) {
                    return runner.run(plan, event -> totals(event).ifPresent(totals -> {
                        bar.step();
                        bar.setExtraMessage(" " + totals.failed() + " failed, " + totals.cost().tokens() + " tokens, "
                                + totals.cost().describe());
                    }), cancel);
                }
            }
            return runner.run(plan, event -> {
                switch (event) {
                    case DatabaseRunner.RowEvent.Written w -> out.println("  ✓ " + w.title() + (w.reused() ? " (stored answer)" : "")
                            + progress(w.totals()));
                    case DatabaseRunner.RowEvent.Failed f -> out.println("  ✗ " + f.title() + ": " + f.reason() + progress(f.totals()));
                    default -> {
                        return;
                    }
                }
                out.flush();
            }, cancel);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it returns now that the run has finished
            }
        }
    }

    static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(CANCEL_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.Optional<DatabaseRunner.Totals> totals(DatabaseRunner.RowEvent event) {
        return switch (event) {
            case DatabaseRunner.RowEvent.Written w -> java.util.Optional.of(w.totals());
            case DatabaseRunner.RowEvent.Failed f -> java.util.Optional.of(f.totals());
            case DatabaseRunner.RowEvent.Started s -> java.util.Optional.empty();
        };
    }

    /** Every 25th row, the counts so far (a log of thousands of rows should still say how far it got). */
    private static String progress(DatabaseRunner.Totals totals) {
        int done = totals.written() + totals.failed();
        return done % 25 == 0 ? "   [" + totals.written() + " written, " + totals.failed() + " failed, " + totals.cost().tokens()
                + " tokens, " + totals.cost().describe() + "]" : "";
    }
}
