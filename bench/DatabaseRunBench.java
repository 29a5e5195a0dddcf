import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.SqlRunLog;
import io.wizzygen.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Database-run throughput against the sandbox with its rate limit on (3 requests/s) and the demo engine at a
 * fixed latency, with default settings (the client's default pace, the SQLite run log), for one output (the bare
 * answer) and, beside it, three outputs of mixed types (text, select, multi-select) filled from one JSON answer per
 * row. Prints rows/s ÷ 3 once rows are being written (from the first row written: the AI's first answer takes its
 * latency), over the run phase and on the wall clock (plan and run), Notion requests and AI calls per row, and the
 * 429s among the requests.
 * Usage: bench/run [rows=300] [latency-ms...=2000 10000]
 */
public class DatabaseRunBench {

    private static final List<List<String>> OUTPUTS = List.of(List.of("Content"), List.of("Summary", "Sentiment", "Tags"));

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long[] latencies = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray() : new long[] {2000, 10000};
        System.out.printf("%-12s %8s %6s %9s %10s %16s %12s %13s %14s %14s %6s%n", "AI latency", "outputs", "rows", "seconds", "rows/s",
                "steady ÷ 3/s", "run ÷ 3/s", "wall ÷ 3/s", "requests/row", "AI calls/row", "429s");
        for (long latency : latencies) {
            for (List<String> outputs : OUTPUTS) {
                run(rows, latency, outputs);
            }
        }
    }

    private static void run(int rows, long latency, List<String> outputs) throws Exception {
        Path data = Files.createTempDirectory("wizzygen-bench");
        String url;
        try (SandboxServer seeding = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(0).withDataDir(data.resolve("sandbox")))) {
            NotionClient setup = NotionClient.builder().baseUrl(seeding.baseUrl()).token(seeding.token()).rateLimit(0, 1).build();
            NotionId sample = setup.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            Database database = setup.createDatabase(sample, "Bench", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text"), PropertySchema.of("Summary", "rich_text"),
                    PropertySchema.of("Sentiment", "select", "Positive", "Neutral", "Negative"),
                    PropertySchema.of("Tags", "multi_select", "Travel", "Food", "Work")));
            for (int i = 0; i < rows; i++) {
                setup.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                        "Generate", new PropertyValue.Checkbox(true)));
            }
            url = database.id().value();
        }
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(3).withDataDir(data.resolve("sandbox")))) {
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger rateLimited = new AtomicInteger();
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).observer(exchange -> {
                requests.incrementAndGet();
                if (exchange.status() == 429) {
                    rateLimited.incrementAndGet();
                }
            }).build();
            DatabaseRunner runner = new DatabaseRunner(notion, Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(latency).build()),
                    new SqlRunLog(Store.sqlite(data)));
            long start = System.nanoTime();
            DatabaseRunner.Plan plan = runner.plan(DatabaseJob.of(url, "Summarise the topic").withOutputs(outputs));
            AtomicLong firstWritten = new AtomicLong();
            DatabaseRunner.Summary summary = runner.run(plan, event -> {
                if (event instanceof DatabaseRunner.RowEvent.Written) {
                    firstWritten.compareAndSet(0, System.nanoTime());
                }
            }, new AtomicBoolean());
            long end = System.nanoTime();
            double wall = (end - start) / 1e9;
            double steady = (summary.written() - 1) / ((end - firstWritten.get()) / 1e9);
            System.out.printf("%-12s %8d %6d %9.1f %10.2f %16.3f %12.3f %13.3f %14.3f %14.2f %6d%n", latency + " ms", outputs.size(),
                    summary.written(), wall, summary.rowsPerSecond(), steady / 3.0, summary.rowsPerSecond() / 3.0, summary.written() / wall / 3.0,
                    requests.get() / (double) summary.written(), summary.aiCalls() / (double) summary.written(), rateLimited.get());
        }
    }
}
