/**
 * Connections: named links to a Notion page or database, mirrored as rows of the user's Connections
 * database in Notion and kept locally so the list survives when Notion cannot be reached; the other Notion
 * databases the app keeps rows in for the user (the grid of a database connection, the admin's feedback copy).
 * Must not know the web, the command line or the AI.
 */
package io.wizzygen.connections;
