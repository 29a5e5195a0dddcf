package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.notion.Page;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The AI side of a database run: each row's prompt rendered, a stored answer reused or the AI asked, and the
 * answer stored in the run log before it goes to the writer (so a resumed run repeats no stored AI call).
 * Identical prompts are asked once: a prompt in flight is shared, and one answered earlier is found in the run log
 * through a bounded index of recent prompts, so memory stays flat however many rows a run has.
 */
final class RowPipeline {

    static final String SYSTEM = "You fill one field of a Notion database row. Answer with the value only: "
            + "no preamble, no quotes, no Markdown unless asked.";
    private static final int RECENT_PROMPTS = 4096;

    /** A row ready for the writer: its answer, or why it has none. */
    record Generated(Page page, Kind kind, String output, long tokens, boolean reused, String reason) {
        enum Kind { ANSWER, FAILED, NOT_REACHED }

        static final Generated END = new Generated(null, Kind.NOT_REACHED, null, 0, false, null);

        static Generated answer(Page page, String output, long tokens, boolean reused) {
            return new Generated(page, Kind.ANSWER, output, tokens, reused, null);
        }

        static Generated failed(Page page, String reason) {
            return new Generated(page, Kind.FAILED, null, 0, false, reason);
        }

        static Generated notReached(Page page, String reason) {
            return new Generated(page, Kind.NOT_REACHED, null, 0, false, reason);
        }
    }

    private final DatabaseRunner.Plan plan;
    private final AiEngine engine;
    private final RunLog log;
    private final Spend spend;
    private final Consumer<DatabaseRunner.RowEvent> events;
    private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, String> recentRowByPrompt = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENT_PROMPTS;
        }
    };
    private final AtomicLong aiCalls = new AtomicLong();
    private final AtomicReference<String> stopped = new AtomicReference<>();

    RowPipeline(DatabaseRunner.Plan plan, AiEngine engine, RunLog log, Spend spend, Consumer<DatabaseRunner.RowEvent> events) {
        this.plan = plan;
        this.engine = engine;
        this.log = log;
        this.spend = spend;
        this.events = events;
    }

    long aiCalls() {
        return aiCalls.get();
    }

    /** Why the engine stopped the run (the plan's prompts used up, the breaker open), or null. */
    String stoppedBecause() {
        return stopped.get();
    }

    Generated generate(Page page) {
        String rowId = page.id().value();
        events.accept(new DatabaseRunner.RowEvent.Started(rowId, page.title()));
        Optional<RunLog.RowRecord> stored = log.row(plan.runKey(), rowId);
        // Only an answer generated but not yet written is reused: a row ticked again after it was written asks for a new one.
        if (stored.isPresent() && stored.get().output() != null && stored.get().state() == RunLog.State.GENERATED) {
            return Generated.answer(page, stored.get().output(), 0, true);
        }
        if (stopped.get() != null) {
            return Generated.notReached(page, stopped.get());
        }
        Map<String, String> values = DatabaseRunner.values(page);
        String prompt = plan.template().render(values, plan.inputs());
        try {
            Answer answer = answerOnce(rowId, prompt, values);
            return Generated.answer(page, answer.text(), answer.inputTokens() + answer.outputTokens(), false);
        } catch (CompletionException wrapped) {
            Throwable cause = wrapped.getCause();
            String reason = cause instanceof AiException e ? e.userMessage() : "The AI call failed: " + cause;
            if (cause instanceof AiException e && e.kind() == AiException.Kind.STOP) {
                stopped.compareAndSet(null, reason);
                return Generated.notReached(page, reason);
            }
            log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.FAILED, prompt, null, 0, 0, reason));
            return Generated.failed(page, reason);
        }
    }

    /** An answer's text and the tokens this row's own AI call used (none when the answer was shared). */
    private record Answer(String text, long inputTokens, long outputTokens) {
    }

    /**
     * The answer to {@code prompt} for row {@code rowId}, stored in the run log before this returns: from an earlier
     * row of this run, from a call in flight, or from a new call.
     */
    private Answer answerOnce(String rowId, String prompt, Map<String, String> values) {
        Optional<String> earlier = earlierAnswer(prompt);
        if (earlier.isPresent()) {
            return stored(rowId, prompt, new Answer(earlier.get(), 0, 0));
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inFlight.putIfAbsent(prompt, mine);
        if (running != null) {
            return stored(rowId, prompt, new Answer(running.join(), 0, 0));
        }
        try {
            // The call that held this prompt may have finished between the look-up above and putIfAbsent.
            earlier = earlierAnswer(prompt);
            if (earlier.isPresent()) {
                mine.complete(earlier.get());
                return stored(rowId, prompt, new Answer(earlier.get(), 0, 0));
            }
            aiCalls.incrementAndGet();
            AiResult result = engine.generate(request(prompt, plan.template().usedValues(values, plan.inputs())));
            spend.add(result);
            Answer answer = stored(rowId, prompt, new Answer(result.text().strip(), result.usage().inputTokens(), result.usage().outputTokens()));
            rememberPrompt(prompt, rowId); // before the prompt leaves the in-flight map, so a later twin finds it
            mine.complete(answer.text());
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw new CompletionException(e);
        } finally {
            inFlight.remove(prompt, mine);
        }
    }

    private Answer stored(String rowId, String prompt, Answer answer) {
        log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.GENERATED, prompt, answer.text(),
                answer.inputTokens(), answer.outputTokens(), null));
        return answer;
    }

    private Optional<String> earlierAnswer(String prompt) {
        String rowId;
        synchronized (recentRowByPrompt) {
            rowId = recentRowByPrompt.get(DatabasePlanner.hash(prompt));
        }
        return rowId == null ? Optional.empty() : log.row(plan.runKey(), rowId).map(RunLog.RowRecord::output);
    }

    private void rememberPrompt(String prompt, String rowId) {
        synchronized (recentRowByPrompt) {
            recentRowByPrompt.put(DatabasePlanner.hash(prompt), rowId);
        }
    }

    AiRequest request(String prompt, Map<String, String> values) {
        return AiRequest.of(prompt).withSystem(SYSTEM).withModel(plan.job().model()).withTemperature(plan.job().temperature())
                .withRowValues(values);
    }
}
