/**
 * Accounts (the local owner; team members with Argon2id passwords, the first one the admin), sign-up (open, or
 * with single-use invite codes; limited per address) and the password checks, every attempt reserved in the
 * store's throttle before any hash (per account and address, an exponential delay; survives restarts, shared by
 * servers on one database), sessions (hashed tokens with a CSRF token each), plans (the operator's entries as setup
 * read them), the atomic prompt quota, usage by model, single-use upgrade codes and feedback (at most 10,000
 * characters). Uses store's database for persistence.
 * Must not know Notion, the AI, generation or the web.
 */
package io.wizzygen.accounts;
