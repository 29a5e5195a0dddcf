import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes sharing one integration token: N `generate database` CLIs started together on one data folder (one
 * SQLite store), each on its own database of the sandbox with Notion's limit on (3 requests/s per token). A
 * counting proxy in front of the sandbox sees every request. Prints, for 1 and for 2 processes: Notion requests,
 * the share answered 429, runs that did not finish (exit code), and rows/s over all processes ÷ 3.
 * Usage: bench/run-shared-budget [rows-per-run=150] [ai-latency-ms=2000] [jar=target/wizzygen.jar]
 */
public class SharedBudgetBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        String latency = args.length > 1 ? args[1] : "2000";
        Path jar = Path.of(args.length > 2 ? args[2] : "target/wizzygen.jar").toAbsolutePath();
        System.out.printf("%-10s %6s %9s %9s %8s %11s %9s %11s%n", "processes", "rows", "seconds", "requests", "429s", "429 share",
                "aborted", "rows/s ÷ 3");
        for (int processes : new int[] {1, 2}) {
            run(processes, rows, latency, jar);
        }
    }

    private static void run(int processes, int rows, String latency, Path jar) throws Exception {
        Path data = Files.createTempDirectory("wizzygen-shared");
        Path workspace = data.resolve("sandbox");
        List<String> urls = new ArrayList<>();
        try (SandboxServer seeding = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(0).withDataDir(workspace))) {
            NotionClient notion = NotionClient.builder().baseUrl(seeding.baseUrl()).token(seeding.token()).rateLimit(0, 1).build();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            for (int p = 0; p < processes; p++) {
                Database database = notion.createDatabase(sample, "Shared " + p, List.of(PropertySchema.of("Topic", "title"),
                        PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
                for (int i = 0; i < rows; i++) {
                    notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                            "Generate", new PropertyValue.Checkbox(true)));
                }
                urls.add(database.id().value());
            }
        }
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(3).withDataDir(workspace));
             NotionCounter proxy = new NotionCounter(sandbox.baseUrl())) {
            Map<String, String> env = new HashMap<>(Map.of("NOTION_TOKEN", sandbox.token(), "NOTION_API_BASE_URL", proxy.baseUrl(),
                    "XDG_DATA_HOME", data.toString(), "XDG_CONFIG_HOME", data.resolve("config").toString(), "WIZZYGEN_DEMO_LATENCY_MS", latency));
            long start = System.nanoTime();
            List<Process> clis = new ArrayList<>();
            for (String url : urls) {
                ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "--enable-native-access=ALL-UNNAMED",
                        "-jar", jar.toString(), "generate", "database", url, "--prompt", "Summarise the topic", "--engine", "demo")
                        .redirectErrorStream(true).redirectOutput(data.resolve("cli-" + clis.size() + ".log").toFile());
                builder.environment().putAll(env);
                clis.add(builder.start());
            }
            int aborted = 0;
            for (Process cli : clis) {
                if (!cli.waitFor(30, TimeUnit.MINUTES) || cli.exitValue() != 0) {
                    aborted++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int written = proxy.pagesUpdated();
            System.out.printf("%-10d %6d %9.1f %9d %8d %10.2f%% %9d %11.3f%n", processes, written, seconds, proxy.requests.get(),
                    proxy.rateLimited.get(), 100.0 * proxy.rateLimited.get() / Math.max(1, proxy.requests.get()), aborted, written / seconds / 3);
            if (aborted > 0) {
                System.out.println("  logs of the runs: " + data);
            }
        }
    }
}
