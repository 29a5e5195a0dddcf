package io.wizzygen.store;

import io.wizzygen.generation.RunLog;

import java.time.Instant;
import java.util.Optional;

/** The durable run log: each row's state and stored answer, so a restarted run repeats no stored AI call. */
public final class SqlRunLog implements RunLog {

    private final Store store;

    public SqlRunLog(Store store) {
        this.store = store;
    }

    @Override
    public Optional<RowRecord> row(String runKey, String rowId) {
        return store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT row_id, state, prompt, output, input_tokens, output_tokens, error FROM run_rows WHERE run_key = :key AND row_id = :row")
                .bind("key", runKey).bind("row", rowId)
                .map((rs, ctx) -> new RowRecord(rs.getString("row_id"), State.valueOf(rs.getString("state")), rs.getString("prompt"),
                        rs.getString("output"), rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getString("error")))
                .findOne());
    }

    /** Upserts the row; a record without prompt or output keeps the ones stored before. */
    @Override
    public void save(String runKey, RowRecord record) {
        store.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO run_rows (run_key, row_id, state, prompt, output, input_tokens, output_tokens, error, updated_at)
                        VALUES (:key, :row, :state, :prompt, :output, :input, :outputTokens, :error, :at)
                        ON CONFLICT (run_key, row_id) DO UPDATE SET state = excluded.state,
                            prompt = COALESCE(excluded.prompt, run_rows.prompt), output = COALESCE(excluded.output, run_rows.output),
                            input_tokens = excluded.input_tokens + run_rows.input_tokens,
                            output_tokens = excluded.output_tokens + run_rows.output_tokens,
                            error = excluded.error, updated_at = excluded.updated_at
                        """)
                .bind("key", runKey).bind("row", record.rowId()).bind("state", record.state().name())
                .bind("prompt", record.prompt()).bind("output", record.output()).bind("input", record.inputTokens())
                .bind("outputTokens", record.outputTokens()).bind("error", record.error()).bind("at", Instant.now().toString())
                .execute());
    }
}
