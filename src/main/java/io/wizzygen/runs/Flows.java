package io.wizzygen.runs;

import io.wizzygen.ai.AiException;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.Fence;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.notion.NotionException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A run from start to outcome, the same whether a durable job runs it for the app or the command line runs it in
 * the foreground: generation's events become {@link Progress}, and its end an {@link Outcome}.
 */
public final class Flows {

    private Flows() {
    }

    /** A planned database run; {@code usedUp} says whether the plan's prompts ran out during it. */
    public static Outcome database(DatabaseRunner runner, DatabaseRunner.Plan plan, String engine, BooleanSupplier usedUp,
                                   Consumer<Progress> progress, AtomicBoolean cancel, Fence fence) {
        progress.accept(new Progress.Started(engine, plan.outputNames()));
        try {
            DatabaseRunner.Summary summary = runner.run(plan, event -> progress.accept(Progress.of(event)), cancel, fence);
            return Outcome.of(summary, plan.checkbox().name(), usedUp.getAsBoolean());
        } catch (NotionException e) {
            return Outcome.failed(e.userMessage(), false);
        }
    }

    /** A page run: the answer streamed into the page. */
    public static Outcome page(PageGenerator generator, PageGenerator.Job job, String engine, BooleanSupplier usedUp,
                               Consumer<Progress> progress) {
        progress.accept(new Progress.Started(engine, null));
        try {
            return Outcome.of(generator.run(job, event -> progress.accept(switch (event) {
                case PageGenerator.Event.Text text -> new Progress.Text(text.piece());
                case PageGenerator.Event.BlocksWritten blocks -> new Progress.Blocks(blocks.total());
            })));
        } catch (AiException e) {
            return Outcome.failed(e.userMessage(), usedUp.getAsBoolean());
        } catch (NotionException e) {
            return Outcome.failed(e.userMessage(), false);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage(), false);
        }
    }
}
