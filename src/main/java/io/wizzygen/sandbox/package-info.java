/**
 * A Notion-compatible server (the /v1 REST API and a small viewer) for offline use and tests. Speaks
 * Notion's wire format from raw JSON trees and imports nothing else of Wizzygen, so it is an independent
 * witness of the notion client.
 */
package io.wizzygen.sandbox;
