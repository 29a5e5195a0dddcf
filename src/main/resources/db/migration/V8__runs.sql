-- A run of a connection: one unit of work with a lease. Its state, counts and recent events are kept here, so a
-- reload, a restart or another server shows the same progress, and a dead server's run is resumed elsewhere.
CREATE TABLE runs (
    id            VARCHAR(36)  PRIMARY KEY,
    account_id    VARCHAR(64)  NOT NULL,
    connection_id VARCHAR(36)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    -- set while the run is not finished: a second Generate on the connection finds the running run instead of starting one
    active_key    VARCHAR(120) UNIQUE,
    spec          TEXT         NOT NULL,
    written       INTEGER      NOT NULL DEFAULT 0,
    failed        INTEGER      NOT NULL DEFAULT 0,
    not_reached   INTEGER      NOT NULL DEFAULT 0,
    tokens        BIGINT       NOT NULL DEFAULT 0,
    cost          VARCHAR(200),
    message       TEXT,
    resumes       INTEGER      NOT NULL DEFAULT 0,
    -- the lease: each worker that takes the run moves the epoch on; a write checks it first (fencing)
    epoch         BIGINT       NOT NULL DEFAULT 0,
    worker        VARCHAR(200),
    next_seq      BIGINT       NOT NULL DEFAULT 1,
    created_at    BIGINT       NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT
);
CREATE INDEX runs_of_connection ON runs (account_id, connection_id, created_at);

-- A run's progress events (the recent ones: older row events are pruned), as the event stream sends them.
CREATE TABLE run_events (
    run_id VARCHAR(36) NOT NULL,
    seq    BIGINT      NOT NULL,
    name   VARCHAR(16) NOT NULL,
    data   TEXT        NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Prompts held for generations in progress: counted as used at once, settled into usage_by_model when the answer
-- arrives, given back when the call fails, is cancelled, or its process died.
CREATE TABLE quota_holds (
    id         VARCHAR(36) PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    period     VARCHAR(16) NOT NULL,
    run_id     VARCHAR(36),
    created_at BIGINT      NOT NULL
);
CREATE INDEX quota_holds_of_run ON quota_holds (run_id);

-- db-scheduler's executions (its documented table; the same types work on PostgreSQL and SQLite).
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(100)             NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(200),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
