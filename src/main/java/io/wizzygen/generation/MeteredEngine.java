package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;

import java.util.List;
import java.util.function.Consumer;

/**
 * An engine whose every generation first takes one prompt from an allowance (an account's quota). When none is
 * left the call fails with {@link AiException.Kind#STOP}, so a database run stops cleanly and leaves the rows
 * it has not written ticked; a call that produced nothing gives its prompt back.
 */
public final class MeteredEngine implements AiEngine {

    /** Where prompts come from and where their use is recorded. */
    public interface Allowance {
        /** Takes one prompt; false when the allowance is used up. Must be atomic across threads and processes. */
        boolean take();

        /** Returns a prompt whose generation failed. */
        void giveBack();

        /** Records what a generation used (model, tokens). */
        void spent(EngineKind engine, AiResult result);

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
        take();
        return spent(() -> engine.generate(request));
    }

    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        take();
        return spent(() -> engine.stream(request, onText));
    }

    @Override
    public List<String> models() {
        return engine.models();
    }

    @Override
    public KeyCheck testKey() {
        return engine.testKey();
    }

    private void take() {
        if (!allowance.take()) {
            usedUp = true;
            throw AiException.of(AiException.Kind.STOP, allowance.usedUpMessage());
        }
    }

    private AiResult spent(java.util.function.Supplier<AiResult> call) {
        AiResult result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            allowance.giveBack();
            throw e;
        }
        allowance.spent(engine.kind(), result);
        return result;
    }
}
