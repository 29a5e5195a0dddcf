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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several `serve` nodes on one PostgreSQL and one Notion integration (the sandbox at 3 requests/s): two runs on one
 * token, first both on one node, then one on each of two nodes — rows/s ÷ 3 and the share of requests answered 429
 * (their shared budget keeps the nodes together within Notion's limit); then a node killed mid-run: the time until the
 * other node writes again, and the rows written twice (0 is the target).
 * Usage: bench/run-nodes [rows] [ai-latency-ms] [kill-rows]   (WIZZYGEN_DATABASE_URL names the PostgreSQL)
 */
public class NodesBench {

    static NotionCounter counter;
    static final String KEY = "bench-nodes-key";

    static SandboxServer sandbox;
    static NotionClient notion;
    static String proxy;
    static Path folder;
    static String latency;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        latency = args.length > 1 ? args[1] : "2000";
        int killRows = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String database = System.getenv("WIZZYGEN_DATABASE_URL");
        folder = Files.createTempDirectory("wizzygen-nodes");
        // The rows are made in a sandbox without limit, then served by one with Notion's 3 requests/s from the same files.
        List<Database> databases = new ArrayList<>();
        try (SandboxServer setup = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0).withDataDir(folder.resolve("sandbox")))) {
            notion = NotionClient.builder().baseUrl(setup.baseUrl()).token(setup.token()).rateLimit(0).build();
            for (int size : new int[] {rows, rows, rows, rows, killRows}) {
                databases.add(database(size));
            }
        }
        sandbox = SandboxServer.start(SandboxOptions.defaults().withDataDir(folder.resolve("sandbox")));
        notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).build();
        counter = new NotionCounter(sandbox.baseUrl());
        proxy = counter.baseUrl();
        String connections = notion.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow();
        new SettingsStore(Store.postgresql(database), SecretBox.open(null, KEY)).save("local",
                new Settings(connections, "demo", null, null, null, sandbox.token(), null));

        System.out.printf("%-34s %8s %10s %12s %10s%n", "two runs of " + rows + " rows, one token", "seconds", "rows/s", "ratio to 3/s", "429 share");
        Process a = serve("a", database);
        twoRuns("both on one node", databases.get(0), databases.get(1), node(a), node(a));
        Process b = serve("b", database);
        twoRuns("one on each of two nodes", databases.get(2), databases.get(3), node(a), node(b));

        Database killed = databases.get(4);
        String run = generate(node(a), served(killed));
        while (written(killed) < killRows / 3) {
            Thread.sleep(50);
        }
        a.destroyForcibly();
        a.waitFor();
        long kill = System.nanoTime();
        int before = written(killed);
        while (counter.lastUpdateNanos.get() < kill) {
            Thread.sleep(10);
        }
        long resumed = counter.lastUpdateNanos.get();
        AppForms.awaitFinished(node(b), run);
        System.out.printf("%nnode killed (SIGKILL) after %d of %d rows: the other node wrote again %.1f s later; rows written %d of %d, twice: %d%n",
                before, killRows, (resumed - kill) / 1e9, written(killed), killRows, duplicates());
        b.destroy();
        b.waitFor();
        System.exit(0);
    }

    static void twoRuns(String label, Database one, Database two, String first, String second) throws Exception {
        int requests = counter.requests.get();
        int limited = counter.rateLimited.get();
        long start = System.nanoTime();
        String runOne = generate(first, served(one));
        String runTwo = generate(second, served(two));
        AppForms.awaitFinished(first, runOne);
        AppForms.awaitFinished(second, runTwo);
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = (written(one) + written(two)) / seconds;
        System.out.printf("%-34s %8.1f %10.2f %12.3f %9.2f %%%n", label, seconds, perSecond, perSecond / 3,
                100.0 * (counter.rateLimited.get() - limited) / Math.max(1, counter.requests.get() - requests));
    }

    static final Map<Database, List<String>> ROWS = new ConcurrentHashMap<>();

    /** The database's link on the rate-limited sandbox. */
    static String served(Database database) {
        return database.url().replaceFirst("http://localhost:\\d+", sandbox.baseUrl());
    }

    static Database database(int rows) {
        NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
        Database database = notion.createDatabase(sample, "Nodes " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            ids.add(notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true))).id().value().replace("-", ""));
        }
        ROWS.put(database, ids);
        return database;
    }

    /** Rows of the database written so far (the proxy saw their update; asking Notion would spend its budget). */
    static int written(Database database) {
        return (int) ROWS.get(database).stream().filter(row -> counter.updatesOf(row) > 0).count();
    }

    static long duplicates() {
        return ROWS.values().stream().flatMap(List::stream).filter(row -> counter.updatesOf(row) > 1).count();
    }

    static String node(Process process) {
        return process.info().arguments().map(arguments -> "http://127.0.0.1:" + arguments[java.util.Arrays.asList(arguments).indexOf("--port") + 1])
                .orElseThrow();
    }

    static Process serve(String name, String database) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = folder.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("./wizzygen", "serve", "--port", String.valueOf(port), "--data", folder.resolve(name).toString(),
                "--database", database).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("NOTION_") || variable.startsWith("WIZZYGEN_"));
        builder.environment().put("WIZZYGEN_MASTER_KEY", KEY);
        builder.environment().put("NOTION_API_BASE_URL", proxy);
        builder.environment().put("WIZZYGEN_DEMO_LATENCY_MS", latency);
        Process process = builder.start();
        while (!Files.readString(log).contains("Wizzygen is running")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return process;
    }

    static String generate(String node, String database) throws Exception {
        String connection = AppForms.post(node, "/create", Map.of("name", "Nodes", "type", "Notion Database", "template", "own", "url", database))
                .replace("/connections/", "");
        String location = AppForms.post(node, "/connections/" + connection + "/generate", Map.of("prompt", "Summarise {{Topic}}", "output", "Content"));
        return location.substring(location.indexOf("run=") + 4).replaceAll("&.*", "");
    }

}
