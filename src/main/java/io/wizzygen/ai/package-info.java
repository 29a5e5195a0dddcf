/**
 * AI engines behind one interface: Gemini, OpenAI, OpenAI-compatible local servers and the offline demo
 * engine, with their error classes, retries, quotas and streaming. A leaf: knows nothing of Notion,
 * Markdown, storage or the web.
 */
package io.wizzygen.ai;
