package io.wizzygen.cli;

import io.wizzygen.accounts.Plans;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Environment;
import io.wizzygen.setup.Storage;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.web.WebApp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The demo set-up: a sandbox workspace, a temporary data folder with settings filled in (the sandbox's token
 * and Connections database; the demo engine, or Gemini / OpenAI when the environment has their key), and the web
 * app on top. Used by {@code wizzygen demo} and by the browser tests that walk through it.
 */
public record Demo(SandboxServer sandbox, WebApp app, Path folder, String engine) implements AutoCloseable {

    /** {@code port} 0 picks free ports; otherwise the sandbox takes the next port when it is free. */
    public static Demo start(int port, Environment environment) {
        SandboxServer sandbox = startSandbox(port);
        try {
            Path folder = Files.createTempDirectory("wizzygen-demo-");
            // The demo's Notion is the sandbox, and its data a temporary folder of its own.
            Environment env = environment.without(List.of("NOTION_TOKEN", "NOTION_API_BASE_URL", "WIZZYGEN_DATABASE_URL", "WIZZYGEN_MASTER_KEY"));
            String engine = env.has("GEMINI_API_KEY") ? "gemini" : env.has("OPENAI_API_KEY") ? "openai" : "demo";
            Storage storage = env.storage(folder, null);
            new SettingsStore(storage.open(), storage.secrets())
                    .save("local", new Settings(connectionsDatabase(sandbox), engine, null, null, null, sandbox.token(), null));
            WebApp app = WebApp.start(WebApp.Options.local(port, storage, Clients.forOwner(env, sandbox.baseUrl()), env.prices(),
                    Plans.of(env.plans().entries(), env.plans().source())).withSandboxViewer(sandbox.baseUrl() + "/"));
            return new Demo(sandbox, app, folder, engine);
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException("The demo's temporary folder cannot be created: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** What a person needs once the demo is up, in one block: where the app and the sandbox are, and the sandbox's token. */
    public String readyBlock() {
        String answers = engine.equals("demo") ? "the Demo engine (no AI)" : engine + ", with your key from the environment";
        String viewer = sandbox.baseUrl() + "/";
        return String.join(System.lineSeparator(),
                "",
                "Wizzygen demo is ready. Notion is an offline sandbox workspace; answers come from " + answers + ".",
                "",
                "  Wizzygen:        " + app.url() + "/",
                "  Sandbox viewer:  " + viewer + "   (the workspace Wizzygen writes into)",
                "  Sandbox token:   " + sandbox.token() + "   (any Notion client: NOTION_API_BASE_URL=" + sandbox.baseUrl() + ")",
                "",
                "Settings are filled in already. Open Create, choose \"Create the sample for me\", and press Next.",
                "Press Ctrl-C to stop.",
                "");
    }

    /** A client for the demo's sandbox, as the app's integration. */
    public NotionClient notion() {
        return NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
    }

    @Override
    public void close() {
        app.close();
        sandbox.close();
    }

    private static String connectionsDatabase(SandboxServer sandbox) {
        NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        return notion.search("Connections", Optional.empty()).filter(result -> result.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow(() -> new IllegalStateException("The sandbox has no Connections database."));
    }

    private static SandboxServer startSandbox(int port) {
        if (port == 0) {
            return SandboxServer.start(SandboxOptions.defaults().withPort(0));
        }
        try {
            return SandboxServer.start(SandboxOptions.defaults().withPort(port + 1));
        } catch (RuntimeException portTaken) {
            return SandboxServer.start(SandboxOptions.defaults().withPort(0));
        }
    }
}
