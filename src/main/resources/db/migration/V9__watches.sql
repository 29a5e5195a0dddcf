-- "Keep running": a database connection watched for ticked (and, when chosen, new) rows, polled by a job of the same
-- engine as runs. One watch per connection; a stopped watch keeps its reason until it is switched on again or off.
CREATE TABLE watches (
    connection_id   VARCHAR(36)  PRIMARY KEY,
    account_id      VARCHAR(64)  NOT NULL,
    new_rows        BOOLEAN      NOT NULL,
    every_seconds   INTEGER      NOT NULL,
    -- the rows it looks for (data source, checkbox, output …), planned from the connection's prompt and options
    query           TEXT         NOT NULL,
    spec_hash       VARCHAR(64)  NOT NULL,
    data_source_id  VARCHAR(36)  NOT NULL,
    database_id     VARCHAR(36),
    started_at      BIGINT       NOT NULL,
    -- rows edited since the cursor (less an overlap) are looked at; NULL: every ticked row
    cursor_at       BIGINT,
    last_poll_at    BIGINT,
    last_trigger_at BIGINT,
    last_trigger    VARCHAR(300),
    last_error      TEXT,
    -- a poll asked for while one was under way (a webhook): the poll under way plans the next one soon
    wake_requested  BOOLEAN      NOT NULL DEFAULT FALSE,
    stopped_at      BIGINT,
    stop_reason     TEXT,
    stop_upgrade    BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX watches_of_account ON watches (account_id);
CREATE INDEX watches_of_source ON watches (data_source_id);
CREATE INDEX watches_of_database ON watches (database_id);

-- What a watch remembers of rows: the new rows it ticked (each only once), and the rows it stays quiet about after they
-- failed in a run (until someone edits them: the edit time it saw then).
CREATE TABLE watch_rows (
    connection_id  VARCHAR(36) NOT NULL,
    row_id         VARCHAR(36) NOT NULL,
    ticked_by_watch BOOLEAN    NOT NULL DEFAULT FALSE,
    quiet_run      VARCHAR(36),
    quiet_edited   VARCHAR(40),
    PRIMARY KEY (connection_id, row_id)
);

-- Notion's webhook subscription: the verification token waiting for an admin, and the active one events are signed with
-- (sealed like every saved secret).
CREATE TABLE webhook_tokens (
    state       VARCHAR(16) PRIMARY KEY,
    token       TEXT        NOT NULL,
    ending      VARCHAR(8)  NOT NULL,
    since       BIGINT      NOT NULL,
    last_event_at BIGINT
);

-- Ids of signed events seen lately: the same id again is a replay.
CREATE TABLE webhook_events (
    event_id    VARCHAR(64) PRIMARY KEY,
    received_at BIGINT      NOT NULL
);
CREATE INDEX webhook_events_by_time ON webhook_events (received_at);
