import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run through `serve` survives its server: rows ticked in a sandbox (Notion's 3 requests/s), the demo engine at 2 s,
 * the server stopped after a third of the rows and started again. Prints the time from the restart to the first write
 * of the resumed run, the run's end, and the rows written more than once (0 is the target).
 * Usage: bench/run-restart [rows] [kill|term]
 */
public class RestartBench {

    static NotionCounter notionCounter;
    static final List<String> ROWS = new java.util.ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        boolean kill = args.length < 2 || args[1].equals("kill");
        Path folder = Files.createTempDirectory("wizzygen-restart");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).build();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            Database database = notion.createDatabase(sample, "Restart", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
            for (int i = 1; i <= rows; i++) {
                ROWS.add(notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                        "Generate", new PropertyValue.Checkbox(true))).id().value());
            }
            notionCounter = new NotionCounter(sandbox.baseUrl());
            String proxy = notionCounter.baseUrl();
            String connections = notion.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                    .map(SearchResult::url).findFirst().orElseThrow();
            {
                Store store = Store.sqlite(folder.resolve("data"));
                new SettingsStore(store, SecretBox.open(folder.resolve("data"), "bench-key")).save("local",
                        new Settings(connections, "demo", null, null, null, sandbox.token(), null));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder serve = new ProcessBuilder("./wizzygen", "serve", "--port", String.valueOf(port), "--data", folder.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("serve.log").toFile()));
            serve.environment().put("WIZZYGEN_MASTER_KEY", "bench-key");
            serve.environment().put("NOTION_API_BASE_URL", proxy);
            serve.environment().put("WIZZYGEN_DEMO_LATENCY_MS", "2000");
            serve.environment().remove("NOTION_TOKEN");
            Process server = started(serve, folder.resolve("serve.log"), 0);
            String app = "http://127.0.0.1:" + port;
            String location = AppForms.post(app, "/create", Map.of("name", "Restart", "type", "Notion Database", "template", "own", "url", database.url()));
            String connection = location.replace("/connections/", "");
            String run = AppForms.post(app, "/connections/" + connection + "/generate", Map.of("prompt", "Summarise {{Topic}}", "output", "Content"));
            run = run.substring(run.indexOf("run=") + 4);
            while (written() < rows / 3) {
                Thread.sleep(50);
            }
            if (kill) {
                server.destroyForcibly();
            } else {
                server.destroy();
            }
            server.waitFor();
            int before = written();
            long restart = System.nanoTime();
            server = started(serve, folder.resolve("serve.log"), 1);
            long started = System.nanoTime();
            while (notionCounter.lastUpdateNanos.get() < restart) {
                Thread.sleep(10);
            }
            long firstWrite = notionCounter.lastUpdateNanos.get();
            String snapshot;
            do {
                Thread.sleep(200);
                snapshot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app + "/runs/" + run)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } while (!snapshot.contains("\"finished\":true"));
            server.destroy();
            server.waitFor();
            long duplicates = ROWS.stream().filter(row -> notionCounter.updatesOf(row) > 1).count();
            System.out.printf("stop: %s after %d of %d rows written%n", kill ? "SIGKILL" : "SIGTERM", before, rows);
            System.out.printf("restart to ready: %.1f s; restart to first resumed write: %.1f s%n", (started - restart) / 1e9,
                    (firstWrite - restart) / 1e9);
            System.out.printf("end: %s%n", snapshot.replaceAll(".*\"status\":\"([^\"]+)\".*\"written\":(\\d+).*", "status $1, $2 rows written"));
            System.out.printf("rows written: %d of %d; written more than once: %d%n", written(), rows, duplicates);
        }
        System.exit(0); // the counting proxy's server threads would keep the JVM alive
    }

    /** Rows of the bench's database written so far. */
    static int written() {
        return (int) ROWS.stream().filter(row -> notionCounter.updatesOf(row) > 0).count();
    }

    static Process started(ProcessBuilder builder, Path log, int previousStarts) throws Exception {
        Process process = builder.start();
        while (Files.readString(log).split("Wizzygen is running", -1).length - 1 <= previousStarts) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return process;
    }

}
