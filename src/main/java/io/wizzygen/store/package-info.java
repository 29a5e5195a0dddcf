/**
 * Persistence: SQLite by default (the data folder 0700, its files 0600; writers wait for each other instead of
 * failing), PostgreSQL as the alternative, one set of Flyway migrations, pooled connections; settings (secrets
 * encrypted at rest), run state per row (generation's RunLog port), runs with their lease and recent events (runs'
 * RunStore port; db-scheduler's executions live in the same database), watches and Notion's webhook tokens (sealed)
 * and event ids (runs' WatchStore and WebhookStore ports), connections (connections' ConnectionStore port), Notion
 * request budgets shared by every process on the database (notion's RateBudget.Source port); the accounts room keeps
 * its own tables through the same database.
 * Must not know Notion beyond that port, the AI or the web.
 */
package io.wizzygen.store;
