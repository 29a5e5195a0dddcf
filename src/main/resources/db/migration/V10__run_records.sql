-- The run log as records in the order they were made, one per row and execution, keyed by (run_key, seq) where seq
-- grows with time: a group commit's records land on the last pages of the table and of its key. Keyed by
-- (run_key, row_id), each record landed on a page of its own at a random place, and every commit rewrote those pages.
CREATE TABLE run_records (
    run_key       VARCHAR(64) NOT NULL,
    seq           BIGINT      NOT NULL,
    row_id        VARCHAR(36) NOT NULL,
    state         VARCHAR(16) NOT NULL,
    prompt        TEXT,
    output        TEXT,
    input_tokens  BIGINT      NOT NULL DEFAULT 0,
    output_tokens BIGINT      NOT NULL DEFAULT 0,
    error         TEXT,
    updated_at    VARCHAR(32) NOT NULL,
    PRIMARY KEY (run_key, seq)
);
-- The answers stored and not yet written or failed: what a resumed run reads, however many records its key has.
CREATE INDEX run_records_unwritten ON run_records (run_key, seq) WHERE state = 'GENERATED';

-- Rows stored by earlier versions keep their answers (a run interrupted before the upgrade resumes without asking again).
INSERT INTO run_records (run_key, seq, row_id, state, prompt, output, input_tokens, output_tokens, error, updated_at)
SELECT run_key, ROW_NUMBER() OVER (PARTITION BY run_key ORDER BY updated_at, row_id), row_id, state, prompt, output,
       input_tokens, output_tokens, error, updated_at
FROM run_rows;

DROP TABLE run_rows;
