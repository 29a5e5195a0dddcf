/**
 * Runs: the application room that knows how a connection's run goes, the same for the web app and the command line.
 * It starts a page or database run for an account (its saved settings, its quota-held engine, the prompt saved on
 * the connection), claims it (one run per connection), runs it as a durable job (db-scheduler on the store: it
 * survives a restart and moves to another server when one dies, fenced by a lease epoch), classifies what happened
 * to each row (written, failed with its reason, not reached) and to the run, keeps its progress in the store, and
 * updates the connection's status and last run. A database connection can keep running: a watch (a job of the same
 * engine) polls for rows ticked or added since its cursor and starts the connection's run, stops with the reason when
 * a run stops early, and is brought forward by Notion's webhooks (their signature, freshness and replays checked here).
 * Must not know HTTP, HTML or the command line; talks to Notion and the AI only through generation and setup.
 */
package io.wizzygen.runs;
