import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.RunLog;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Database-run throughput against the sandbox with its rate limit on (3 requests/s) and the demo engine at a
 * fixed latency, with default settings. Prints rows/s, the ratio to Notion's rate and Notion requests per row.
 * Usage: bench/run [rows] [latency-ms...]
 */
public class DatabaseRunBench {

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long[] latencies = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray() : new long[] {2000, 10000};
        System.out.printf("%-12s %6s %9s %10s %12s %14s%n", "AI latency", "rows", "seconds", "rows/s", "ratio to 3/s", "requests/row");
        for (long latency : latencies) {
            try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(3))) {
                NotionClient setup = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimiter(new RateLimiter(3, 3, System::nanoTime)).build();
                NotionId sample = setup.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
                Database database = setup.createDatabase(sample, "Bench", List.of(PropertySchema.of("Topic", "title"),
                        PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
                for (int i = 0; i < rows; i++) {
                    setup.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                            "Generate", new PropertyValue.Checkbox(true)));
                }
                AtomicInteger requests = new AtomicInteger();
                NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                        .rateLimiter(new RateLimiter(3, 2, System::nanoTime)).observer(exchange -> requests.incrementAndGet()).build();
                DatabaseRunner runner = new DatabaseRunner(notion, Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(latency).build()),
                        RunLog.inMemory());
                DatabaseRunner.Plan plan = runner.plan(DatabaseJob.of(database.url(), "Summarise the topic"));
                int before = requests.get();
                DatabaseRunner.Summary summary = runner.run(plan, event -> { }, new AtomicBoolean());
                double seconds = summary.elapsed().toMillis() / 1000.0;
                System.out.printf("%-12s %6d %9.1f %10.2f %12.2f %14.3f%n", latency + " ms", summary.written(), seconds,
                        summary.rowsPerSecond(), summary.rowsPerSecond() / 3.0, (requests.get() - before) / (double) summary.written());
            }
        }
    }
}
