/**
 * The one room that knows Notion and the AI together: page generation and database runs (prompt
 * templates, the JSON schema by which one AI call fills several outputs of a row, bounded concurrent AI calls
 * feeding the Notion writer that checks the run's fence before each write, resumable run state, progress events), and
 * the query by which a watch finds rows to process (the same rows a run takes).
 * Must not know the web, the command line or SQL.
 */
package io.wizzygen.generation;
