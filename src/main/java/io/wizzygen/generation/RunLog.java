package io.wizzygen.generation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a database run records each row's state, so a crash or a re-run repeats no AI call whose answer was
 * stored. Records are made in order, one per row each time a run takes the row, and are known by their id within
 * the run key; a row's latest record says where it stands. The store provides the durable implementation;
 * {@link #inMemory()} is for one-off use and tests.
 */
public interface RunLog {

    /** A row's recorded state within a run (QUEUED is no longer written; run logs of earlier versions may hold it). */
    enum State { QUEUED, GENERATED, WRITTEN, FAILED }

    record RowRecord(String rowId, State state, String prompt, String output, long inputTokens, long outputTokens, String error) {
    }

    /** A record as stored: its id (larger for records made later) and what it holds. */
    record Saved(long id, RowRecord record) {
    }

    /** The latest record of a row within the run key. Reads the run key's records: for inspection, not once per row. */
    Optional<RowRecord> row(String runKey, String rowId);

    /**
     * The answers stored and neither written nor failed, by row id (a row's latest when it has several): what a resumed
     * run reuses. Read once when a run starts; as many as were in flight when earlier runs stopped, not one per row.
     */
    Map<String, Saved> unwritten(String runKey);

    /** Stores the record durably before it returns (what resume relies on: an answer stored before it is written); its id. */
    long save(String runKey, RowRecord record);

    /** The answer held by record {@code id}, if it has one (an earlier row of the run asked the same prompt). */
    Optional<String> output(String runKey, long id);

    /**
     * Marks record {@code id} written to Notion without waiting for the disk: it goes with the next records stored,
     * so the caller (the Notion writer) never waits. A crash may lose the mark, which costs nothing: a written row is
     * no longer ticked.
     */
    void written(String runKey, long id);

    /** Marks record {@code id}'s answer failed (it does not fit the outputs), so no later run reuses it; not waited for. */
    void failed(String runKey, long id, String reason);

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
            public Map<String, Saved> unwritten(String runKey) {
                return log.unwritten(scoped.apply(runKey));
            }

            @Override
            public long save(String runKey, RowRecord record) {
                return log.save(scoped.apply(runKey), record);
            }

            @Override
            public Optional<String> output(String runKey, long id) {
                return log.output(scoped.apply(runKey), id);
            }

            @Override
            public void written(String runKey, long id) {
                log.written(scoped.apply(runKey), id);
            }

            @Override
            public void failed(String runKey, long id, String reason) {
                log.failed(scoped.apply(runKey), id, reason);
            }
        };
    }

    static RunLog inMemory() {
        Map<String, List<RowRecord>> runs = new HashMap<>();
        return new RunLog() {
            @Override
            public synchronized Optional<RowRecord> row(String runKey, String rowId) {
                return records(runKey).reversed().stream().filter(record -> record.rowId().equals(rowId)).findFirst();
            }

            @Override
            public synchronized Map<String, Saved> unwritten(String runKey) {
                Map<String, Saved> latest = new HashMap<>();
                List<RowRecord> records = records(runKey);
                for (int id = 0; id < records.size(); id++) {
                    if (records.get(id).state() == State.GENERATED && records.get(id).output() != null) {
                        latest.put(records.get(id).rowId(), new Saved(id, records.get(id)));
                    }
                }
                return latest;
            }

            @Override
            public synchronized long save(String runKey, RowRecord record) {
                records(runKey).add(record);
                return records(runKey).size() - 1;
            }

            @Override
            public synchronized Optional<String> output(String runKey, long id) {
                return Optional.ofNullable(records(runKey).get((int) id).output());
            }

            @Override
            public void written(String runKey, long id) {
                mark(runKey, id, State.WRITTEN, null);
            }

            @Override
            public void failed(String runKey, long id, String reason) {
                mark(runKey, id, State.FAILED, reason);
            }

            private synchronized void mark(String runKey, long id, State state, String error) {
                RowRecord record = records(runKey).get((int) id);
                records(runKey).set((int) id, new RowRecord(record.rowId(), state, record.prompt(), record.output(),
                        record.inputTokens(), record.outputTokens(), error));
            }

            private List<RowRecord> records(String runKey) {
                return runs.computeIfAbsent(runKey, key -> new ArrayList<>());
            }
        };
    }
}
