/**
 * The web app: Javalin routes and jte templates for Home, Create, Connections, Settings, Upgrade, Feedback,
 * and sign-in in team mode (the Gate: sessions, CSRF tokens, same-origin posts, security headers and HSTS; in local
 * mode only the app's own host names are served; the client's address, behind a trusted proxy from X-Forwarded-For;
 * Notion's webhook address is open, its signature being the proof).
 * Thin: parses requests, calls use cases in runs, connections and accounts, renders results; a run's event stream
 * is read from the store (so any server shows any run's progress). Must not talk to Notion or the AI directly and
 * holds no business rule.
 */
package io.wizzygen.web;
