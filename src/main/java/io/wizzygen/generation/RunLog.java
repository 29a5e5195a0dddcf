package io.wizzygen.generation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a database run records each row's state, so a crash or a re-run repeats no AI call whose answer was
 * stored. The store provides the durable implementation; {@link #inMemory()} is for one-off use and tests.
 */
public interface RunLog {

    /** A row's recorded state within a run (QUEUED is no longer written; run logs of earlier versions may hold it). */
    enum State { QUEUED, GENERATED, WRITTEN, FAILED }

    record RowRecord(String rowId, State state, String prompt, String output, long inputTokens, long outputTokens, String error) {
    }

    Optional<RowRecord> row(String runKey, String rowId);

    /** Stores the record durably before it returns: what resume relies on (an answer stored before it is written). */
    void save(String runKey, RowRecord record);

    /**
     * Stores a record that resume does not rely on (a row written: Notion itself shows it; a row queued) without
     * waiting for it: it goes with the next records stored, so the caller (the Notion writer) never waits for the
     * disk. A crash may lose it, which costs nothing: a written row is no longer ticked.
     */
    default void saveWithoutWaiting(String runKey, RowRecord record) {
        save(runKey, record);
    }

    /**
     * This log seen by one owner (an account): run keys are hashed with the owner, so two accounts running the
     * same database with the same prompt never see each other's stored answers. Keys stay 64 hex characters.
     */
    default RunLog scopedTo(String owner) {
        RunLog log = this;
        java.util.function.UnaryOperator<String> scoped = key -> {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest((owner + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest);
            } catch (java.security.NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        };
        return new RunLog() {
            @Override
            public Optional<RowRecord> row(String runKey, String rowId) {
                return log.row(scoped.apply(runKey), rowId);
            }

            @Override
            public void save(String runKey, RowRecord record) {
                log.save(scoped.apply(runKey), record);
            }

            @Override
            public void saveWithoutWaiting(String runKey, RowRecord record) {
                log.saveWithoutWaiting(scoped.apply(runKey), record);
            }
        };
    }

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
