package io.wizzygen.testing;

import io.wizzygen.cli.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code wizzygen serve} in a process of its own, as an operator runs it: started with the environment given (the
 * machine's Notion and AI variables removed), stopped with SIGTERM or killed with SIGKILL, and started again on the
 * same port and data. Its output goes to a log file the test can read.
 */
public final class ServerProcess implements AutoCloseable {

    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    private ServerProcess(List<String> jvmOptions, List<String> arguments, Map<String, String> environment, Path log, int port) {
        this.jvmOptions = jvmOptions;
        this.arguments = arguments;
        this.environment = environment;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code serve --port P} plus {@code extra} arguments; waits until it says it is running. */
    public static ServerProcess start(Path log, Map<String, String> environment, String... extra) throws IOException {
        return start(log, environment, List.of(), extra);
    }

    /** As {@link #start(Path, Map, String...)}, the JVM started with {@code jvmOptions} (e.g. a trust store). */
    public static ServerProcess start(Path log, Map<String, String> environment, List<String> jvmOptions, String... extra) throws IOException {
        int port = freePort();
        List<String> arguments = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
        arguments.addAll(List.of(extra));
        ServerProcess server = new ServerProcess(jvmOptions, arguments, environment, log, port);
        server.launch();
        return server;
    }

    /** A command that ends by itself (e.g. {@code admin invite}), run to its end: its exit code and output. */
    public static Finished run(Path log, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        Process process = builder(List.of(), List.of(arguments), environment, log).start();
        int exit = process.waitFor();
        return new Finished(exit, Files.readString(log));
    }

    /** How a command that ends by itself ended. */
    public record Finished(int exit, String output) {
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Kills the process without warning (SIGKILL), as a crash or kill -9 does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM), as a service manager does, and waits for it to exit. */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not stop within 60 s of SIGTERM");
        }
    }

    /** Freezes the process (SIGSTOP), as a long garbage-collection pause or a suspended machine does. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed with " + exit);
        }
    }

    /** Starts the server again, same port, data and environment. */
    public void restart() throws IOException {
        launch();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProcessBuilder builder(List<String> jvmOptions, List<String> arguments, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("OPENAI_")
                || name.startsWith("NOTION_") || name.startsWith("WIZZYGEN_"));
        builder.environment().putAll(environment);
        return builder;
    }

    private void launch() throws IOException {
        long linesBefore = log().lines().count();
        process = builder(jvmOptions, arguments, environment, log).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (log().lines().skip(linesBefore).noneMatch(line -> line.contains("Wizzygen is running"))) {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("serve did not start within 60 s:\n" + log());
            }
            Waits.pause();
        }
    }

    /** Stops the server as a service manager does (SIGTERM), or kills it if it does not stop. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
