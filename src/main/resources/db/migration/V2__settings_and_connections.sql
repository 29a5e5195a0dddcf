-- One saved setting of one account; secrets are stored sealed (AES-GCM) and marked so.
CREATE TABLE settings (
    account_id VARCHAR(64)  NOT NULL,
    name       VARCHAR(64)  NOT NULL,
    value      TEXT         NOT NULL,
    secret     BOOLEAN      NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- The local copy of an account's connections (the Connections database in Notion is the shared truth);
-- it lets the app list them when Notion cannot be reached, and keeps each connection's run options.
CREATE TABLE connections (
    account_id    VARCHAR(64)  NOT NULL,
    id            VARCHAR(36)  NOT NULL,
    notion_row_id VARCHAR(36),
    name          TEXT         NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    url           TEXT         NOT NULL,
    prompt        TEXT,
    status        TEXT,
    last_run      VARCHAR(32),
    options       TEXT         NOT NULL,
    gone          BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at    VARCHAR(32)  NOT NULL,
    PRIMARY KEY (account_id, id)
);
