package io.wizzygen.generation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a database run records each row's state, so a crash or a re-run repeats no AI call whose answer was
 * stored. The store provides the durable implementation; {@link #inMemory()} is for one-off use and tests.
 */
public interface RunLog {

    /** A row's recorded state within a run. */
    enum State { QUEUED, GENERATED, WRITTEN, FAILED }

    record RowRecord(String rowId, State state, String prompt, String output, long inputTokens, long outputTokens, String error) {
    }

    Optional<RowRecord> row(String runKey, String rowId);

    void save(String runKey, RowRecord record);

    static RunLog inMemory() {
        Map<String, RowRecord> rows = new ConcurrentHashMap<>();
        return new RunLog() {
            @Override
            public Optional<RowRecord> row(String runKey, String rowId) {
                return Optional.ofNullable(rows.get(runKey + "/" + rowId));
            }

            @Override
            public void save(String runKey, RowRecord record) {
                rows.put(runKey + "/" + record.rowId(), record);
            }
        };
    }
}
