package io.wizzygen.runs;

import io.wizzygen.generation.Cost;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.PageGenerator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a run ended, classified once for the app and the command line alike: its status, counts, cost, the failed
 * rows with their reasons, and one message in words. {@code upgrade} says the plan's prompts ran out.
 */
public record Outcome(RunStatus status, String message, int written, int failed, int notReached, long tokens, String cost,
                      List<Failure> failures, String stoppedBecause, boolean upgrade, String url, int aiCalls, Duration elapsed) {

    /** A row that failed, and why. */
    public record Failure(String title, String reason) {
    }

    public double rowsPerSecond() {
        return elapsed.isZero() ? 0 : written * 1000.0 / elapsed.toMillis();
    }

    public boolean ok() {
        return status == RunStatus.DONE;
    }

    /** A database run's end: failures decide first, then whether it was stopped before every ticked row. */
    static Outcome of(DatabaseRunner.Summary summary, String checkbox, boolean usedUp) {
        int failed = summary.failed().size();
        String stopped = summary.stoppedBecause();
        RunStatus status = failed > 0 ? (summary.written() > 0 ? RunStatus.PARTLY_FAILED : RunStatus.FAILED)
                : stopped != null ? RunStatus.STOPPED : RunStatus.DONE;
        String message;
        if (summary.written() == 0 && failed == 0 && summary.notReached() == 0 && stopped == null) {
            message = "No ticked rows: tick the rows to process in the " + checkbox + " column, then press Generate.";
        } else {
            message = plural(summary.written(), "row") + " written, " + failed + " failed"
                    + (summary.notReached() > 0 ? ", " + summary.notReached() + " not reached" : "") + "; " + tokens(summary.cost())
                    + String.format(Locale.ROOT, "; %.1f s.", summary.elapsed().toMillis() / 1000.0)
                    + (stopped != null ? " Stopped: " + stopped + (usedUp ? "" : " Rows not written stay ticked.") : "")
                    + (failed > 0 ? " Failed rows stay ticked: fix the cause and press Retry failed." : "");
        }
        List<Failure> failures = summary.failed().stream().map(f -> new Failure(f.title(), f.reason())).toList();
        return new Outcome(status, message, summary.written(), failed, summary.notReached(), summary.cost().tokens(),
                summary.cost().describe(), failures, stopped, usedUp, null, summary.aiCalls(), summary.elapsed());
    }

    /**
     * This outcome of a resumed run, counting the rows written before the restart too (the resumed part only
     * processed the rows still ticked).
     */
    Outcome plusEarlier(int writtenBefore) {
        if (writtenBefore == 0) {
            return this;
        }
        int total = written + writtenBefore;
        RunStatus now = failed > 0 ? RunStatus.PARTLY_FAILED : status;
        String before = plural(writtenBefore, "row") + (writtenBefore == 1 ? " was" : " were") + " written before the restart; ";
        return new Outcome(now, before + message, total, failed, notReached, tokens, cost, failures, stoppedBecause, upgrade, url,
                aiCalls, elapsed);
    }

    /** A page run that wrote its answer. */
    static Outcome of(PageGenerator.Outcome page) {
        String message = plural(page.blocksWritten(), "block") + " written to \"" + page.page().title() + "\" in "
                + plural(page.appendCalls(), "append request") + "; " + tokens(page.cost()) + ".";
        return new Outcome(RunStatus.DONE, message, page.blocksWritten(), 0, 0, page.cost().tokens(), page.cost().describe(), List.of(),
                null, false, page.page().url(), 1, page.ai().latency());
    }

    /** A run that could not go on at all (Notion refused, the engine is not set up, the plan's prompts ran out …). */
    static Outcome failed(String message, boolean usedUp) {
        return new Outcome(RunStatus.FAILED, message, 0, 0, 0, 0, null, List.of(), null, usedUp, null, 0, Duration.ZERO);
    }

    public static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String tokens(Cost cost) {
        return cost.tokens() + " tokens (" + cost.describe() + ")";
    }
}
