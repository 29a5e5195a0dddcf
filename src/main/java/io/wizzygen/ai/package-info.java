/**
 * AI engines behind one interface: Gemini, OpenAI, OpenAI-compatible local servers and the offline demo
 * engine, with their error classes, retries, quotas, streaming and structured output (an answer that must fit
 * a JSON schema). The remote providers share one call skeleton ({@code ProviderEngine}); each differs only in
 * its wire format. The egress policy a caller hands in governs base URLs a team member chose (public addresses
 * only unless allowed, pinned, no redirects, the host's words withheld). A leaf: knows nothing of Notion,
 * Markdown, storage or the web, and reads no environment or file.
 */
package io.wizzygen.ai;
