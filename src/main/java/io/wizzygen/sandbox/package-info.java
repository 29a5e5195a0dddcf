/**
 * A Notion-compatible server (the /v1 REST API, Notion's webhook events to a subscription url, and a small
 * viewer) for offline use and tests. Speaks Notion's wire format from raw JSON trees and imports nothing else
 * of Wizzygen, so it is an independent witness of the notion client; where Notion's documents and recorded
 * api.notion.com traffic disagree, it answers as the recordings do.
 */
package io.wizzygen.sandbox;
