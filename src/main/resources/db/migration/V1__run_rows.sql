-- One row of a database run: its state and, once generated, the stored answer (written to Notion as is).
CREATE TABLE run_rows (
    run_key       VARCHAR(64) NOT NULL,
    row_id        VARCHAR(36) NOT NULL,
    state         VARCHAR(16) NOT NULL,
    prompt        TEXT,
    output        TEXT,
    input_tokens  BIGINT      NOT NULL DEFAULT 0,
    output_tokens BIGINT      NOT NULL DEFAULT 0,
    error         TEXT,
    updated_at    VARCHAR(32) NOT NULL,
    PRIMARY KEY (run_key, row_id)
);
