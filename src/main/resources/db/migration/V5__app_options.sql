-- Settings of the whole server that an admin chooses in the app (e.g. the Notion database feedback is copied to).
CREATE TABLE app_options (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT        NOT NULL
);
