package io.wizzygen.runs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a run cannot start, in words for the person who asked, per field of what they asked ({@code prompt},
 * {@code temperature}, {@code output} …). {@code fromNotion} says Notion refused or could not be reached (the
 * request itself may be fine).
 */
public final class RunProblem extends RuntimeException {

    private final Map<String, String> fields;
    private final boolean fromNotion;

    RunProblem(Map<String, String> fields, boolean fromNotion) {
        super(String.join(" ", fields.values()));
        this.fields = Map.copyOf(fields);
        this.fromNotion = fromNotion;
    }

    static RunProblem of(String field, String message) {
        return new RunProblem(Map.of(field, message), false);
    }

    static RunProblem notion(String field, String message) {
        return new RunProblem(Map.of(field, message), true);
    }

    /** The message for each field that has one, in the order they were found. */
    public Map<String, String> fields() {
        return fields;
    }

    public boolean fromNotion() {
        return fromNotion;
    }

    /** Collects the problems of one request before any is thrown, so the person sees them all at once. */
    static final class Collector {
        private final Map<String, String> found = new LinkedHashMap<>();

        void add(String field, String message) {
            found.putIfAbsent(field, message);
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new RunProblem(found, false);
            }
        }
    }
}
