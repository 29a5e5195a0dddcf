package io.wizzygen.web;

import io.wizzygen.cli.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code wizzygen <args>} in a process of its own, as a user runs it: only the environment given (no NOTION_*,
 * GEMINI_*, OPENAI_* or WIZZYGEN_* of the test's own), its output in a log file.
 */
final class ServerProcess implements AutoCloseable {

    final int port;
    final Path log;
    private final Process process;

    private ServerProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Runs {@code serve --port <free port> <args>} and waits until it says it is running. */
    static ServerProcess serve(Path log, Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
        command.addAll(List.of(args));
        Process process = builder(log, env, jvmOptions, command).start();
        ServerProcess server = new ServerProcess(port, log, process);
        server.awaitStarted();
        return server;
    }

    /** Runs a command to its end; answers its exit code and output. */
    static Finished run(Path log, Map<String, String> env, String... args) throws Exception {
        Process process = builder(log, env, List.of(), List.of(args)).start();
        int exit = process.waitFor();
        return new Finished(exit, Files.readString(log));
    }

    record Finished(int exit, String output) {
    }

    private static ProcessBuilder builder(Path log, Map<String, String> env, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("OPENAI_") || name.startsWith("NOTION_")
                || name.startsWith("WIZZYGEN_"));
        builder.environment().putAll(env);
        return builder;
    }

    private void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Wizzygen is running")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("The server stopped: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The server did not start: " + Files.readString(log));
    }

    String logged() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
