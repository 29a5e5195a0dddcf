package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;

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
 * answer stored in the run log before it goes to the writer (so a resumed run repeats no stored AI call). Every
 * answer, new or stored, is read as the values of the row's outputs here: one output takes the bare answer, several
 * one JSON answer checked against the run's {@link OutputSchema}; an answer that does not fit fails its row whole.
 * Identical prompts are asked once: a prompt in flight is shared, and one answered earlier is found in the run log
 * through a bounded index of recent prompts, so memory stays flat however many rows a run has.
 */
final class RowPipeline {

    static final String SYSTEM = "You fill one field of a Notion database row. Answer with the value only: "
            + "no preamble, no quotes, no Markdown unless asked.";
    private static final int RECENT_PROMPTS = 4096;

    /** A row ready for the writer: its answer, the values read from it and its record in the run log, or why it has none. */
    record Generated(Page page, Kind kind, String output, Map<String, PropertyValue> values, long tokens, boolean reused, String reason,
                     long record) {
        enum Kind { ANSWER, FAILED, NOT_REACHED }

        static final Generated END = notReached(null, null);

        static Generated answer(Page page, Answer answer, Map<String, PropertyValue> values, boolean reused) {
            return new Generated(page, Kind.ANSWER, answer.text(), values, answer.tokens(), reused, null, answer.record());
        }

        static Generated failed(Page page, String reason) {
            return new Generated(page, Kind.FAILED, null, Map.of(), 0, false, reason, -1);
        }

        static Generated notReached(Page page, String reason) {
            return new Generated(page, Kind.NOT_REACHED, null, Map.of(), 0, false, reason, -1);
        }
    }

    private final DatabaseRunner.Plan plan;
    private final AiEngine engine;
    private final RunLog log;
    private final Spend spend;
    private final Consumer<DatabaseRunner.RowEvent> events;
    private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
    /** Answers stored by earlier runs and never written, taken out as their rows come. */
    private final Map<String, RunLog.Saved> unwritten;
    private final Map<String, Long> recentRecordByPrompt = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
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
        this.unwritten = new ConcurrentHashMap<>(log.unwritten(plan.runKey()));
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
        // Only an answer generated but not yet written is reused: a row ticked again after it was written asks for a new one.
        RunLog.Saved stored = unwritten.remove(rowId);
        if (stored != null) {
            return read(page, new Answer(stored.record().output(), 0, 0, stored.id()), true);
        }
        if (stopped.get() != null) {
            return Generated.notReached(page, stopped.get());
        }
        Map<String, String> values = DatabaseRunner.values(page);
        String prompt = plan.template().render(values, plan.inputs());
        try {
            return read(page, answerOnce(rowId, prompt, values), false);
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

    /**
     * The row's values from its stored answer; an answer that does not fit is recorded as the row's failure, so the
     * next run asks again instead of reusing it.
     */
    private Generated read(Page page, Answer answer, boolean reused) {
        return switch (fit(answer.text())) {
            case OutputSchema.Fit.Fits fits -> Generated.answer(page, answer, fits.values(), reused);
            case OutputSchema.Fit.DoesNotFit unfit -> {
                log.failed(plan.runKey(), answer.record(), unfit.reason());
                yield Generated.failed(page, unfit.reason());
            }
        };
    }

    /**
     * An answer's text, the tokens this row's own AI calls used (none when the answer was shared or stored) and the
     * run log's record that holds it.
     */
    record Answer(String text, long inputTokens, long outputTokens, long record) {
        long tokens() {
            return inputTokens + outputTokens;
        }
    }

    /**
     * The answer to {@code prompt} for row {@code rowId}, stored in the run log before this returns: from an earlier
     * row of this run, from a call in flight, or from a new call.
     */
    private Answer answerOnce(String rowId, String prompt, Map<String, String> values) {
        Optional<String> earlier = earlierAnswer(prompt);
        if (earlier.isPresent()) {
            return stored(rowId, prompt, earlier.get(), 0, 0);
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inFlight.putIfAbsent(prompt, mine);
        if (running != null) {
            return stored(rowId, prompt, running.join(), 0, 0);
        }
        try {
            // The call that held this prompt may have finished between the look-up above and putIfAbsent.
            earlier = earlierAnswer(prompt);
            if (earlier.isPresent()) {
                mine.complete(earlier.get());
                return stored(rowId, prompt, earlier.get(), 0, 0);
            }
            aiCalls.incrementAndGet();
            OutputSchema.Answer asked = ask(prompt, plan.template().usedValues(values, plan.inputs()));
            aiCalls.addAndGet(asked.calls() - 1L);
            AiResult.Usage usage = asked.result().usage();
            Answer answer = stored(rowId, prompt, asked.json().strip(), usage.inputTokens(), usage.outputTokens());
            rememberPrompt(prompt, answer.record()); // before the prompt leaves the in-flight map, so a later twin finds it
            mine.complete(answer.text());
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw new CompletionException(e);
        } finally {
            inFlight.remove(prompt, mine);
        }
    }

    private Answer stored(String rowId, String prompt, String text, long inputTokens, long outputTokens) {
        long record = log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.GENERATED, prompt, text, inputTokens, outputTokens, null));
        return new Answer(text, inputTokens, outputTokens, record);
    }

    private Optional<String> earlierAnswer(String prompt) {
        Long record;
        synchronized (recentRecordByPrompt) {
            record = recentRecordByPrompt.get(DatabasePlanner.hash(prompt));
        }
        return record == null ? Optional.empty() : log.output(plan.runKey(), record);
    }

    private void rememberPrompt(String prompt, long record) {
        synchronized (recentRecordByPrompt) {
            recentRecordByPrompt.put(DatabasePlanner.hash(prompt), record);
        }
    }

    /**
     * One row's answer: for one output the bare answer of one call; for several, one JSON answer with the run's schema
     * and at most one repair, which holds no second prompt of the plan (the row is still one prompt, its tokens all
     * counted). Each call's tokens reach the run's cost as they arrive.
     */
    OutputSchema.Answer ask(String prompt, Map<String, String> usedValues) {
        AiRequest request = AiRequest.of(prompt).withModel(plan.job().model()).withTemperature(plan.job().temperature()).withRowValues(usedValues);
        if (plan.schema() == null) {
            AiResult result = engine.generate(request.withSystem(SYSTEM));
            spend.add(result);
            return new OutputSchema.Answer(result, fit(result.text()), 1);
        }
        return MeteredEngine.asOnePrompt(engine, metered -> plan.schema().ask(metered, request.withSystem(OutputSchema.SYSTEM), spend::add));
    }

    /** An answer read as the values of the row's outputs, or why it cannot be. */
    OutputSchema.Fit fit(String answer) {
        if (plan.schema() != null) {
            return plan.schema().fit(answer);
        }
        PropertySchema output = plan.outputs().getFirst();
        try {
            return new OutputSchema.Fit.Fits(Map.of(output.name(), OutputValue.of(output, answer)));
        } catch (IllegalArgumentException notThatType) {
            return new OutputSchema.Fit.DoesNotFit(notThatType.getMessage());
        }
    }
}
