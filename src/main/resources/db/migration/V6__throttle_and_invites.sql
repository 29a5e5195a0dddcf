-- Attempts counted per key (sign-in per account and address, per address; sign-ups per address), shared by every
-- server on the database. The key is stored as its SHA-256; times are epoch milliseconds.
CREATE TABLE throttle (
    key_hash   VARCHAR(64) PRIMARY KEY,
    attempts   INTEGER     NOT NULL,
    marked_at  BIGINT      NOT NULL,
    not_before BIGINT      NOT NULL
);
CREATE INDEX throttle_not_before ON throttle (not_before);

-- Single-use sign-up codes for `serve --signup invite`; only their hashes are kept.
CREATE TABLE invites (
    code_hash  VARCHAR(64) PRIMARY KEY,
    created_by VARCHAR(64),
    created_at VARCHAR(40) NOT NULL,
    used_by    VARCHAR(64),
    used_at    VARCHAR(40)
);
