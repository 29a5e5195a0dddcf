-- A connection saved while Notion could not be reached: its row in the Connections database is behind.
ALTER TABLE connections ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
