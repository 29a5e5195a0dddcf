/**
 * Accounts, sessions, plans and quota, upgrade codes and feedback. Uses store for persistence.
 * Must not know Notion, the AI or the web.
 */
package io.wizzygen.accounts;
