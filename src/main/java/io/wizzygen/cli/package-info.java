/**
 * Command line: picocli commands (serve, demo, sandbox, generate page|database, admin upgrade-code|invite). Thin: parses flags,
 * calls a use case (generate uses the runs room's flows and classification, as the app does), prints its result and maps it to an exit code. Holds no business rule. {@link io.wizzygen.cli.Main} reads
 * the environment once ({@link io.wizzygen.setup.Environment#current()}) and hands it to every command that needs it.
 */
package io.wizzygen.cli;
