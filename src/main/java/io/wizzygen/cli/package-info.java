/**
 * Command line: picocli commands (serve, demo, sandbox, generate page|database, admin upgrade-code). Thin: parses flags,
 * calls a use case, prints its result and maps it to an exit code. Holds no business rule.
 */
package io.wizzygen.cli;
