/**
 * Accounts (the local owner; team members with Argon2id passwords, the first one the admin, sign-in throttled),
 * sessions (hashed tokens with a CSRF token each), plans from the operator's plans.properties, the atomic
 * prompt quota, usage by model, single-use upgrade codes and feedback. Uses store's database for persistence.
 * Must not know Notion, the AI, generation or the web.
 */
package io.wizzygen.accounts;
