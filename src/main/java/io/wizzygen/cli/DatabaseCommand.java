package io.wizzygen.cli;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.Fence;
import io.wizzygen.generation.StatusColumns;
import io.wizzygen.runs.Flows;
import io.wizzygen.runs.Outcome;
import io.wizzygen.runs.Progress;
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

/** {@code wizzygen generate database}: one AI answer per ticked row, filling one output or several. */
@Command(name = "database", mixinStandardHelpOptions = true,
        description = {"Writes one AI answer into each ticked row of a Notion database (one update per row: the answer,",
            "the checkbox cleared, and AI Status / AI Error where the database has them).",
            "With several --output, one AI call fills them all: its JSON answer is checked against each",
            "property's type, and a row whose answer does not fit fails with nothing of it written.",
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

    @Option(names = "--output", paramLabel = "P", description = "Output property (repeatable: several are filled from one AI call; "
            + "default: the first text property that is not an input).")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--allow-new-options", description = "With several outputs, a select or multi-select answer may add an option "
            + "the property does not have yet (Notion creates it).")
    boolean allowNewOptions;

    @Option(names = "--checkbox", paramLabel = "P", description = "Checkbox that marks rows to process (default: the first checkbox).")
    String checkbox;

    @Option(names = "--only-empty", description = "Only rows whose outputs are all still empty.")
    boolean onlyEmpty;

    @Option(names = "--limit", paramLabel = "N", description = "Process at most N rows.")
    Integer limit;

    @Option(names = "--concurrency", paramLabel = "N", description = "AI calls in flight (default: sized for the engine).")
    Integer concurrency;

    @Option(names = "--preview", paramLabel = "N", description = "Generate the first N rows and show them; write nothing.")
    Integer preview;

    @Option(names = "--data-source", paramLabel = "NAME", description = "Which data source, when the database has several.")
    String dataSource;

    @Option(names = "--add-status-columns", description = "First add the AI Status and AI Error columns the database lacks (one update of "
            + "its schema), so each row shows in Notion whether it was done and why it failed.")
    boolean addStatusColumns;

    @Option(names = "--watch", description = {"Keep running until Ctrl-C: rows ticked in Notion are generated as they come (looked for "
            + "every 10 s, one query each), each row printed; a run unticks the rows it writes, so nothing is generated twice."})
    boolean watch;

    @Mixin
    Connect connect;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AiEngine engine = connect.engine();
        Store store = connect.store();
        if (addStatusColumns) {
            List<String> added = StatusColumns.addTo(connect.notion(), url);
            out.println(added.isEmpty() ? "The database has its AI Status and AI Error columns already." : "Added the columns " + String.join(" and ", added) + ".");
        }
        DatabaseRunner runner = new DatabaseRunner(connect.notion(), engine, new SqlRunLog(store), connect.prices());
        DatabaseRunner.Plan plan = runner.plan(new DatabaseJob(url, prompt, inputs, outputs, checkbox, onlyEmpty, limit, concurrency,
                dataSource, connect.model, null, allowNewOptions));
        out.printf("Writing %s from %s with %s …%n", String.join(", ", plan.outputs().stream().map(p -> "\"" + p.name() + "\"").toList()), String.join(", ", plan.inputs()), engine.label());
        out.flush();
        if (preview != null) {
            for (DatabaseRunner.PreviewRow row : runner.preview(plan, preview)) {
                out.println(previewed(row, plan));
            }
            out.println("Preview only: nothing was written.");
            return GenerateCommand.OK;
        }
        if (watch) {
            return DatabaseWatch.run(connect.notion(), runner, plan, engine, out, err);
        }
        Outcome outcome = run(runner, plan, engine, out);
        if (outcome.written() + outcome.failed() + outcome.notReached() == 0 && outcome.stoppedBecause() == null) {
            out.println(outcome.message());
            return GenerateCommand.OK;
        }
        out.printf("%d rows written, %d failed, %d AI calls, %d tokens (%s), %.1f s (%.2f rows/s)%s.%n", outcome.written(), outcome.failed(),
                outcome.aiCalls(), outcome.tokens(), outcome.cost(), outcome.elapsed().toMillis() / 1000.0, outcome.rowsPerSecond(),
                outcome.notReached() > 0 ? "; " + outcome.notReached() + " not reached, still ticked" : "");
        for (Outcome.Failure failed : outcome.failures()) {
            out.println("  ✗ " + failed.title() + ": " + failed.reason());
        }
        if (outcome.stoppedBecause() != null) {
            err.println("Stopped: " + outcome.stoppedBecause() + " Rows not written stay ticked for the next run.");
            return outcome.written() == 0 && outcome.failed() == 0 ? GenerateCommand.SETUP_ERROR : GenerateCommand.SOME_ROWS_FAILED;
        }
        return outcome.failed() == 0 ? GenerateCommand.OK : GenerateCommand.SOME_ROWS_FAILED;
    }

    /** A previewed row: its prompt, then the answer (one output) or each output's value (several), or why it failed. */
    private static String previewed(DatabaseRunner.PreviewRow row, DatabaseRunner.Plan plan) {
        StringBuilder text = new StringBuilder("• ").append(row.title()).append("\n    prompt: ").append(row.prompt().replace("\n", " ⏎ "));
        if (row.error() != null) {
            return text.append("\n    failed: ").append(row.error()).toString();
        }
        if (plan.outputs().size() == 1) {
            return text.append("\n    answer: ").append(row.answer()).toString();
        }
        row.values().forEach((name, value) -> text.append("\n    ").append(name).append(": ").append(value.replace("\n", " ⏎ ")));
        return text.toString();
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
     * row starts, the AI calls in flight finish and their answers are stored, and the process waits for that (up to
     * {@link #CANCEL_GRACE}) before it exits; whatever is left stays ticked, its stored answer written next time without
     * asking the AI again.
     */
    private static Outcome run(DatabaseRunner runner, DatabaseRunner.Plan plan, AiEngine engine, PrintWriter out) {
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancel.set(true);
            System.err.println("Cancelling: finishing the rows already started …");
            awaitQuietly(finished);
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        java.util.function.BooleanSupplier usedUp = () -> engine instanceof io.wizzygen.generation.MeteredEngine metered && metered.usedUp();
        try {
            if (isTerminal()) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("rows").setStyle(ProgressBarStyle.ASCII).setInitialMax(-1)
                        .continuousUpdate().build()) {
                    return Flows.database(runner, plan, engine.label(), usedUp, progress -> {
                        if (progress instanceof Progress.Row row && row.totals() != null) {
                            bar.step();
                            bar.setExtraMessage(" " + row.totals().failed() + " failed, " + row.totals().cost().tokens() + " tokens, "
                                    + row.totals().cost().describe());
                        }
                    }, cancel, Fence.NONE);
                }
            }
            return Flows.database(runner, plan, engine.label(), usedUp, progress -> {
                if (progress instanceof Progress.Row row && row.totals() != null) {
                    out.println(line(row));
                    out.flush();
                }
            }, cancel, Fence.NONE);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it returns now that the run has finished
            }
        }
    }

    /** A row's line, as the app's progress panel words it. */
    static String line(Progress.Row row) {
        return switch (row.state()) {
            case WRITTEN -> "  ✓ " + row.title() + progress(row.totals());
            case FAILED -> "  ✗ " + row.title() + ": " + row.reason() + progress(row.totals());
            case NOT_REACHED -> "  … " + row.title() + ": " + row.state().word() + ", still ticked (" + row.reason() + ")";
            case RUNNING -> "  → " + row.title();
        };
    }

    static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(CANCEL_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every 25th row, the counts so far (a log of thousands of rows should still say how far it got). */
    private static String progress(DatabaseRunner.Totals totals) {
        int done = totals.written() + totals.failed();
        return done % 25 == 0 ? "   [" + totals.written() + " written, " + totals.failed() + " failed, " + totals.cost().tokens()
                + " tokens, " + totals.cost().describe() + "]" : "";
    }
}
