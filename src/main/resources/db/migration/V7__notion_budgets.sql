-- One Notion request budget per integration token, shared by every process on this database (GCRA): the
-- theoretical arrival time of the next request and the time a 429's Retry-After blocks the token until, both
-- in microseconds of the database's clock. Keyed by a fingerprint of the token, never the token itself.
CREATE TABLE notion_budgets (
    token_fingerprint  VARCHAR(64) PRIMARY KEY,
    tat_micros         BIGINT      NOT NULL,
    blocked_until      BIGINT      NOT NULL
);
