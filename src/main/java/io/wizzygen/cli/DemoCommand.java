package io.wizzygen.cli;

import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import io.wizzygen.web.WebApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--port", defaultValue = "7070", description = "Port of the web app (default: ${DEFAULT-VALUE}); the sandbox uses the next port when free.")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        SandboxServer sandbox = startSandbox();
        Path folder = Files.createTempDirectory("wizzygen-demo-");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(java.util.List.of("NOTION_TOKEN", "NOTION_API_BASE_URL")); // the demo's Notion is the sandbox
        String engine = present(env.get("GEMINI_API_KEY")) ? "gemini" : present(env.get("OPENAI_API_KEY")) ? "openai" : "demo";
        String connectionsDatabase = connectionsDatabase(sandbox);
        Store store = Store.sqlite(folder);
        new SettingsStore(store, SecretBox.open(folder, null))
                .save("local", new Settings(connectionsDatabase, engine, null, null, null, sandbox.token(), null));
        WebApp app;
        try {
            app = WebApp.start(new WebApp.Options("127.0.0.1", port, folder, null, new Clients(env, sandbox.baseUrl()), sandbox.baseUrl() + "/",
                    Store.defaultConfigFolder()));
        } catch (RuntimeException portTaken) {
            sandbox.close();
            throw new IllegalArgumentException("Port " + port + " is in use; choose another with --port, e.g. ./wizzygen demo --port 8080.");
        }
        out.println("Wizzygen demo is ready (Notion is an offline sandbox; answers come from "
                + (engine.equals("demo") ? "the Demo engine (no AI)" : engine + ", with your key from the environment") + ").");
        out.println();
        out.println("  Wizzygen:        " + app.url() + "/");
        out.println("  Sandbox viewer:  " + sandbox.baseUrl() + "/");
        out.println();
        out.println("Settings are filled in already. Open Create, choose \"Create the sample for me\", and press Next.");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        try {
            app.awaitShutdown(message -> { });
        } finally {
            sandbox.close();
        }
        return 0;
    }

    private static String connectionsDatabase(SandboxServer sandbox) {
        NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        return notion.search("Connections", Optional.empty()).filter(result -> result.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow(() -> new IllegalStateException("The sandbox has no Connections database."));
    }

    private SandboxServer startSandbox() {
        try {
            return SandboxServer.start(SandboxOptions.defaults().withPort(port + 1));
        } catch (RuntimeException portTaken) {
            return SandboxServer.start(SandboxOptions.defaults());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
