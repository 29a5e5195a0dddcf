package io.wizzygen.generation;

/**
 * Whether this worker may still write for a run. A run taken over by another worker (its lease moved on while
 * this one was paused or cut off) must write nothing more, so no row is written by two workers.
 */
@FunctionalInterface
public interface Fence {

    /** For runs that only ever have one worker (the command line, tests). */
    Fence NONE = () -> true;

    boolean holds();
}
