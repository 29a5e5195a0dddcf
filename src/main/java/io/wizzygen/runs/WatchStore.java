package io.wizzygen.runs;

import io.wizzygen.generation.WatchQuery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where watches are kept (a port: the store implements it on SQLite and PostgreSQL), one per connection. */
public interface WatchStore {

    /** Saves a watch switched on, replacing the connection's earlier one (and what it remembered of rows). */
    void save(Watch watch);

    Optional<Watch> find(String connectionId);

    /** The account's watches, running or stopped. */
    List<Watch> of(String account);

    /** The running watches of a data source (a webhook event names the data source). */
    List<Watch> watching(String dataSourceId);

    /** Switches the watch off: it and what it remembered go. */
    void delete(String connectionId);

    /** A poll's end: when it began, the new cursor (null: unchanged), what triggered a run (null: nothing), the error (null: none). */
    void polled(String connectionId, Instant at, Instant cursor, String trigger, String error);

    /** The query planned again after the connection's prompt or options changed. */
    void replanned(String connectionId, WatchQuery query, String specHash);

    /** Stops a running watch with a reason shown to its owner; false when it had stopped already. */
    boolean stop(String connectionId, String reason, boolean upgrade, Instant at);

    /** A poll is asked for while one is under way; {@link #takeWake} answers whether one was, and forgets it. */
    void requestWake(String connectionId);

    boolean takeWake(String connectionId);

    /** What the watch remembers of a row: it ticked it (a new row), or it stays quiet about it after it failed in a run. */
    record RowMemory(String rowId, boolean tickedByWatch, String quietRun, String quietEdited) {
    }

    Map<String, RowMemory> rows(String connectionId);

    /** Saves what the watch remembers of these rows (and forgets its quiet about rows of runs other than {@code latestRun}). */
    void remember(String connectionId, Collection<RowMemory> rows, String latestRun);
}
