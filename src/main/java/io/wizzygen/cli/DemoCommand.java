package io.wizzygen.cli;

import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code wizzygen demo}: everything offline in one command. Until the web app lands it runs the sandbox
 * workspace, writes a first page with the demo engine to show the whole path, and prints how to go on.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs Wizzygen offline: a Notion sandbox workspace and the demo engine, pre-configured.",
            "Writes a sample page, prints the sandbox viewer's URL and the commands to try, and runs until Ctrl-C.",
            "(The web app on --port arrives with the web app issue.)"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7070", description = "Port of the web app (default: ${DEFAULT-VALUE}); the sandbox uses the next free port.")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SandboxServer sandbox = startSandbox();
        NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        String sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::url).findFirst().orElseThrow();
        PageGenerator.Outcome outcome = new PageGenerator(notion, Engines.create(EngineSettings.forKind(EngineKind.DEMO).build()))
                .run(new PageGenerator.Job(sample, "Welcome to Wizzygen: what it does and how to start, in 150 words", false, false, null, null),
                        event -> { });
        out.println("Wizzygen demo is ready (everything offline; answers come from the Demo engine (no AI)).");
        out.println();
        out.println("  Sandbox viewer:  " + sandbox.baseUrl() + "/");
        out.println("  Sample page:     " + sample + "  (" + outcome.blocksWritten() + " blocks just written)");
        out.println();
        out.println("Try, in another terminal:");
        out.println("  export NOTION_API_BASE_URL=" + sandbox.baseUrl() + " NOTION_TOKEN=" + sandbox.token());
        out.println("  ./wizzygen generate page '" + sample + "' --prompt 'A packing list for a weekend hike' --engine demo");
        out.println();
        out.println("The web app (port " + port + ") is not part of this build yet. Press Ctrl-C to stop.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private SandboxServer startSandbox() {
        try {
            return SandboxServer.start(SandboxOptions.defaults().withPort(port + 1));
        } catch (RuntimeException portTaken) {
            return SandboxServer.start(SandboxOptions.defaults());
        }
    }
}
