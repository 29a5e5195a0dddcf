/**
 * Setup: turns saved settings and the environment into working Notion and AI clients (flags > environment >
 * saved settings > defaults), and checks them (the Test buttons, the Home checklist).
 * Must not know the web, the command line or how settings are stored.
 */
package io.wizzygen.setup;
