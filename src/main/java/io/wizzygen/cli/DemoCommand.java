package io.wizzygen.cli;

import io.wizzygen.setup.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code wizzygen demo}: everything offline in one command — the web app, an in-process Notion sandbox
 * workspace, and the demo engine (or Gemini / OpenAI when their key is in the environment), pre-configured.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs Wizzygen offline: the web app on --port, a Notion sandbox workspace on the next port, and the demo engine,",
            "all pre-configured (with GEMINI_API_KEY or OPENAI_API_KEY set, that real engine writes into the sandbox instead).",
            "Demo data lives in a temporary folder and is gone when the demo stops. Runs until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    private final Environment environment;

    DemoCommand(Environment environment) {
        this.environment = environment;
    }

    @Option(names = "--port", defaultValue = "7070", description = "Port of the web app (default: ${DEFAULT-VALUE}); the sandbox uses the next port when free.")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting Wizzygen and its offline Notion sandbox...");
        out.flush();
        Demo demo;
        try {
            demo = Demo.start(port, environment);
        } catch (io.javalin.util.JavalinBindException portTaken) {
            throw new IllegalArgumentException("Port " + port + " is in use; choose another with --port, e.g. ./wizzygen demo --port 8080.");
        }
        out.print(demo.readyBlock());
        out.flush();
        try {
            demo.app().awaitShutdown(message -> { });
        } finally {
            demo.sandbox().close();
        }
        return 0;
    }
}
