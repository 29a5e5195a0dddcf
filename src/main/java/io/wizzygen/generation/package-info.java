/**
 * The one room that knows Notion and the AI together: page generation and database runs (prompt
 * templates, bounded concurrent AI calls feeding the Notion writer, resumable run state, progress events).
 * Must not know the web, the command line or SQL.
 */
package io.wizzygen.generation;
