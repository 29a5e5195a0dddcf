/**
 * AI engines behind one interface: Gemini, OpenAI, OpenAI-compatible local servers and the offline demo
 * engine, with their error classes, retries, quotas, streaming and structured output (an answer that must fit
 * a JSON schema). The remote providers share one call skeleton ({@code ProviderEngine}); each differs only in
 * its wire format. A leaf: knows nothing of Notion, Markdown, storage or the web.
 */
package io.wizzygen.ai;
