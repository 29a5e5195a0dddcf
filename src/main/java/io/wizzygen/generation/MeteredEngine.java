package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An engine whose every generation first holds one prompt of an allowance (an account's quota). When none is
 * left the call fails with {@link AiException.Kind#STOP}, so a database run stops cleanly and leaves the rows
 * it has not written ticked; the hold is settled when the answer arrives and given back when the call fails.
 */
public final class MeteredEngine implements AiEngine {

    /** Where prompts come from and where their use is recorded. */
    public interface Allowance {
        /** Holds one prompt; empty when the allowance is used up. Must be atomic across threads and processes. */
        Optional<String> hold();

        /** Gives back a held prompt whose generation produced nothing. */
        void giveBack(String hold);

        /** The answer arrived: the held prompt is used, and what the generation used (model, tokens) is recorded. */
        void settle(String hold, EngineKind engine, AiResult result);

        /** What to tell the person when the allowance is used up, with the way forward. */
        String usedUpMessage();
    }

    private final AiEngine engine;
    private final Allowance allowance;
    private volatile boolean usedUp;

    public MeteredEngine(AiEngine engine, Allowance allowance) {
        this.engine = engine;
        this.allowance = allowance;
    }

    /** Whether a call was refused because the allowance was used up. */
    public boolean usedUp() {
        return usedUp;
    }

    /** The reason given to the calls refused because the allowance was used up. */
    public String usedUpMessage() {
        return allowance.usedUpMessage();
    }

    @Override
    public EngineKind kind() {
        return engine.kind();
    }

    @Override
    public String label() {
        return engine.label();
    }

    @Override
    public AiResult generate(AiRequest request) {
        return spent(take(), () -> engine.generate(request));
    }

    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        return spent(take(), () -> engine.stream(request, onText));
    }

    @Override
    public List<String> models() {
        return engine.models();
    }

    @Override
    public KeyCheck testKey() {
        return engine.testKey();
    }

    /**
     * Calls that together make one generation (a row's answer and the one repair of an answer that did not fit) hold
     * one prompt of the allowance between them, settled once with their tokens added up, or given back when none of
     * them answered. An engine that is not metered just makes the calls.
     */
    public static <T> T asOnePrompt(AiEngine engine, Function<AiEngine, T> calls) {
        return engine instanceof MeteredEngine metered ? metered.asOnePrompt(calls) : calls.apply(engine);
    }

    private <T> T asOnePrompt(Function<AiEngine, T> calls) {
        String hold = take();
        List<AiResult> answered = new ArrayList<>();
        MeteredEngine recording = new MeteredEngine(engine, new Allowance() {
            @Override
            public Optional<String> hold() {
                return Optional.of(hold);
            }

            @Override
            public void giveBack(String ignored) {
                // the one prompt is settled or given back below, once every call has ended
            }

            @Override
            public void settle(String ignored, EngineKind kind, AiResult result) {
                answered.add(result);
            }

            @Override
            public String usedUpMessage() {
                return allowance.usedUpMessage();
            }
        });
        try {
            return calls.apply(recording);
        } finally {
            if (answered.isEmpty()) {
                allowance.giveBack(hold);
            } else {
                allowance.settle(hold, engine.kind(), added(answered));
            }
        }
    }

    /** The last answer, with the tokens and time of all of them. */
    private static AiResult added(List<AiResult> results) {
        AiResult last = results.getLast();
        AiResult.Usage usage = results.stream().map(AiResult::usage).reduce(AiResult.Usage.NONE, AiResult.Usage::plus);
        java.time.Duration latency = results.stream().map(AiResult::latency).reduce(java.time.Duration.ZERO, java.time.Duration::plus);
        return new AiResult(last.text(), last.finishReason(), usage, last.model(), latency);
    }

    private String take() {
        return allowance.hold().orElseThrow(() -> {
            usedUp = true;
            return AiException.of(AiException.Kind.STOP, allowance.usedUpMessage());
        });
    }

    private AiResult spent(String hold, java.util.function.Supplier<AiResult> call) {
        AiResult result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            allowance.giveBack(hold);
            throw e;
        }
        allowance.settle(hold, engine.kind(), result);
        return result;
    }
}
