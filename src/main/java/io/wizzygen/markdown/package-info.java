/**
 * Markdown to Notion blocks and back, within Notion's limits. Works on plain block values (JSON trees as
 * Notion's wire format has them); a leaf: knows nothing of HTTP, the AI, storage or the web.
 */
package io.wizzygen.markdown;
