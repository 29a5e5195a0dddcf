-- Accounts (team mode; the local owner is the account 'local'), sessions, quota, usage, upgrade codes, feedback.
CREATE TABLE accounts (
    id            VARCHAR(64)  PRIMARY KEY,
    email         VARCHAR(320) UNIQUE,
    password_hash VARCHAR(255),
    admin         BOOLEAN      NOT NULL DEFAULT FALSE,
    plan          VARCHAR(64)  NOT NULL,
    created_at    VARCHAR(40)  NOT NULL
);

-- One row, claimed by the first account to sign up: that account becomes the admin.
CREATE TABLE first_admin (
    slot       INTEGER     PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL
);

CREATE TABLE sessions (
    token_hash VARCHAR(64) PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    csrf       VARCHAR(64) NOT NULL,
    expires_at BIGINT      NOT NULL
);

-- Prompts charged per account and quota period ('total' or a month 'YYYY-MM').
CREATE TABLE quota (
    account_id VARCHAR(64) NOT NULL,
    period     VARCHAR(16) NOT NULL,
    used       INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, period)
);

CREATE TABLE usage_by_model (
    account_id    VARCHAR(64)      NOT NULL,
    month         VARCHAR(7)       NOT NULL,
    model         VARCHAR(200)     NOT NULL,
    prompts       BIGINT           NOT NULL,
    input_tokens  BIGINT           NOT NULL,
    output_tokens BIGINT           NOT NULL,
    dollars       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account_id, month, model)
);

CREATE TABLE upgrade_codes (
    code_hash  VARCHAR(64) PRIMARY KEY,
    plan       VARCHAR(64) NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    used_by    VARCHAR(64),
    used_at    VARCHAR(40)
);

CREATE TABLE feedback (
    id         VARCHAR(36)  PRIMARY KEY,
    account_id VARCHAR(64)  NOT NULL,
    email      VARCHAR(320),
    message    TEXT         NOT NULL,
    rating     INTEGER,
    created_at VARCHAR(40)  NOT NULL
);
