/**
 * Notion REST client: ids and URLs, a typed model of pages, data sources, properties and blocks, paging as
 * lazy streams, Notion's request limits, one rate budget per token (this JVM's, or one the store shares between
 * processes: the RateBudget port), retries and one exception type.
 * A leaf: knows nothing of the AI, Markdown, storage or the web, and reads no environment (the caller gives the secret).
 */
package io.wizzygen.notion;
