import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.notion.RetryPolicy;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resilience target of a database run: 500 ticked rows, the sandbox failing 20% of requests, the demo
 * engine failing 10% of calls; the CLI is killed with SIGKILL mid-run and started again. Checks that every row
 * ends written once (with the answer that was stored) or failed with its reason, and that no stored answer
 * was asked of the AI again. Usage: bench/run-faults [rows] [kill-after-seconds] [ai-latency-ms]
 */
public class FaultKillBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int killAfterSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String latencyMs = args.length > 2 ? args[2] : "8000";
        Path data = Files.createTempDirectory("wizzygen-faults");
        Path workspace = data.resolve("sandbox");
        String url;
        try (SandboxServer clean = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0).withDataDir(workspace))) {
            NotionClient setup = client(clean);
            NotionId sample = setup.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            Database database = setup.createDatabase(sample, "Faults", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text"),
                    PropertySchema.of("AI Status", "select", "Done", "Failed"), PropertySchema.of("AI Error", "rich_text")));
            for (int i = 0; i < rows; i++) {
                setup.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                        "Generate", new PropertyValue.Checkbox(true)));
            }
            url = database.url();
        }
        try (SandboxServer faulty = SandboxServer.start(SandboxOptions.defaults().withRateLimit(3).withFaultRate(0.2).withDataDir(workspace))) {
            url = url.replaceFirst("http://localhost:\\d+", faulty.baseUrl());
            Map<String, String> env = Map.of("NOTION_TOKEN", faulty.token(), "NOTION_API_BASE_URL", faulty.baseUrl(),
                    "XDG_DATA_HOME", data.toString(), "WIZZYGEN_DEMO_FAILURE_RATE", "0.1", "WIZZYGEN_DEMO_LATENCY_MS", latencyMs);
            List<String> command = List.of("./wizzygen", "generate", "database", url, "--prompt", "Summarise the topic", "--engine", "demo");

            Process first = start(command, env);
            Thread.sleep(Duration.ofSeconds(killAfterSeconds));
            first.destroyForcibly().waitFor();
            Map<String, String> storedAtKill = storedAnswers(data);
            long writtenAtKill = storedAtKill.values().stream().filter(s -> s.startsWith("WRITTEN")).count();
            System.out.printf("killed (SIGKILL) after %d s: %d answers stored, %d rows written%n", killAfterSeconds, storedAtKill.size(), writtenAtKill);

            Process second = start(command, env);
            String output = new String(second.getInputStream().readAllBytes());
            int exit = second.waitFor();
            Matcher calls = Pattern.compile("(\\d+) rows written, (\\d+) failed, (\\d+) AI calls").matcher(output);
            if (!calls.find()) {
                throw new IllegalStateException("no summary from the second run (exit " + exit + "):\n" + output);
            }
            int secondCalls = Integer.parseInt(calls.group(3));
            Map<String, String> stored = storedAnswers(data);

            NotionClient check = client(faulty);
            int written = 0;
            int failedWithReason = 0;
            List<String> problems = new ArrayList<>();
            NotionId source = check.retrieveDatabase(io.wizzygen.notion.NotionIds.parse(url)).dataSources().getFirst().id();
            for (Page row : check.queryDataSource(source, Query.all()).toList()) {
                boolean ticked = row.property("Generate").map(v -> v.asText().equals("Yes")).orElse(false);
                String content = row.property("Content").map(PropertyValue::asText).orElse("");
                if (!ticked) {
                    written++;
                    String answer = stored.getOrDefault(row.id().value(), "");
                    if (!answer.endsWith("|" + content)) {
                        problems.add(row.title() + ": written value differs from the stored answer");
                    }
                } else if (!row.property("AI Error").map(PropertyValue::asText).orElse("").isBlank()) {
                    failedWithReason++;
                } else {
                    problems.add(row.title() + ": still ticked without a reason");
                }
            }
            long storedNotWrittenAtKill = storedAtKill.values().stream().filter(s -> s.startsWith("GENERATED")).count();
            int mostCallsAllowed = rows - storedAtKill.size();
            System.out.printf("second run: exit %d, %d AI calls (at most %d allowed: rows without a stored answer); %d stored answers were written without a new call%n",
                    exit, secondCalls, mostCallsAllowed, storedNotWrittenAtKill);
            System.out.printf("end state: %d written, %d failed with a reason, %d problems%n", written, failedWithReason, problems.size());
            problems.stream().limit(10).forEach(p -> System.out.println("  " + p));
            boolean ok = problems.isEmpty() && written + failedWithReason == rows && secondCalls <= mostCallsAllowed;
            System.out.println(ok ? "PASS" : "FAIL");
            System.exit(ok ? 0 : 1);
        }
    }

    private static NotionClient client(SandboxServer sandbox) {
        return NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimiter(new RateLimiter(0, 1, System::nanoTime))
                .retry(new RetryPolicy(12, Duration.ofMillis(50), Duration.ofSeconds(2))).build();
    }

    private static Process start(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** row id → "STATE|answer" for every row whose answer is stored in the CLI's run log. */
    private static Map<String, String> storedAnswers(Path data) throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wizzygen/wizzygen.db"));
             ResultSet rs = connection.createStatement().executeQuery("SELECT row_id, state, output FROM run_records WHERE output IS NOT NULL ORDER BY seq")) { // a row's latest record last
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return stored;
    }
}
