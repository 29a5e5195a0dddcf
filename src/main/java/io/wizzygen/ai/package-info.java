/**
 * AI engines behind one interface: Gemini, OpenAI, OpenAI-compatible local servers and the offline demo
 * engine, with their error classes, retries, quotas and streaming, and the egress policy a caller hands in for
 * base URLs a team member chose (public addresses only unless allowed, pinned, no redirects, the host's words
 * withheld). A leaf: knows nothing of Notion, Markdown, storage or the web, and reads no environment or file.
 */
package io.wizzygen.ai;
