/**
 * Persistence: SQLite by default, PostgreSQL as the alternative, one set of Flyway migrations, pooled connections;
 * settings (secrets encrypted at rest), run state per row (it implements generation's RunLog port), connections
 * (connections' ConnectionStore port), Notion request budgets shared by every process on the database (notion's
 * RateBudget.Source port); the accounts room keeps its own tables through the same database.
 * Must not know Notion beyond that port, the AI or the web.
 */
package io.wizzygen.store;
