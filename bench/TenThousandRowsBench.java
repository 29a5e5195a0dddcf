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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A 10,000-row run in a small heap (run with -Xmx256m; sandbox and rate limits off so it finishes in minutes).
 * Prints rows written, time and the heap in use at the end. Usage: bench/run-10k
 */
public class TenThousandRowsBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0))) {
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                    .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).build();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            Database database = notion.createDatabase(sample, "Ten thousand", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
            NotionId source = database.dataSources().getFirst().id();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < rows; i++) {
                    int n = i;
                    pool.submit(() -> notion.createPage(source, Map.of("Topic", new PropertyValue.Title("Topic " + n),
                            "Generate", new PropertyValue.Checkbox(true))));
                }
            }
            DatabaseRunner runner = new DatabaseRunner(notion, Engines.create(EngineSettings.forKind(EngineKind.DEMO).build()), RunLog.inMemory());
            DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Summarise the topic")), e -> { },
                    new AtomicBoolean());
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            System.out.printf("rows written %d of %d, failed %d, %.1f s, heap max %d MB, in use after the run %d MB%n", summary.written(), rows,
                    summary.failed().size(), summary.elapsed().toMillis() / 1000.0, runtime.maxMemory() >> 20,
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }
    }
}
