/**
 * Setup: the one place configuration is read. The environment ({@link io.wizzygen.setup.Environment}, read once by
 * the command line and passed down) and the operator's files in the config folder (prices.properties,
 * plans.properties) become where data lives ({@link io.wizzygen.setup.Storage}) and working Notion and AI clients
 * from saved settings (flags > environment > saved settings > defaults; {@link io.wizzygen.setup.Clients}), which
 * also decide whose secrets serve whom (the local owner's environment is the owner's; a team server's is the
 * operator's) and the egress policy for AI base URLs members choose, and check them (the Test buttons, the Home
 * checklist). No room below reads the environment or a file on its own. Must not know the web or the command line.
 */
package io.wizzygen.setup;
