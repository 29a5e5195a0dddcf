import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.SignUps;
import io.wizzygen.ai.Prices;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Environment;
import io.wizzygen.setup.Storage;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import io.wizzygen.web.Access;
import io.wizzygen.web.WebApp;

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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * "Keep running" as a person meets it: the app in-process with its watch switched on, the sandbox at Notion's 3
 * requests/s, the demo engine at 500 ms; rows ticked one at a time, 1 to 6 s apart. Prints the delay from each tick to
 * the row's answer written in Notion (p50 / p95) with polling alone and with webhooks, and the Notion requests an idle
 * watch costs per hour (counted while nothing is ticked, over at least two looks).
 * Usage: bench/run-watch [rows=20] [idle-seconds=60]
 */
public class WatchBench {

    static final String MASTER_KEY = "watch-bench-key";
    static final String VERIFICATION_TOKEN = "secret_watch_bench_0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Result(List<Long> delaysMs, double idlePerHour) {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        System.out.printf("%-34s %6s %9s %9s %9s %22s%n", "watch", "rows", "p50 s", "p95 s", "max s", "idle requests / hour");
        Result polling = measure("polling alone, every 10 s", false, 10, rows, idleSeconds);
        Result webhooks = measure("webhooks + polling, every 10 s", true, 10, rows, idleSeconds);
        Result slow = measure("webhooks + polling, every 60 s", true, 60, rows, idleSeconds);
        System.out.printf("webhooks bring the p50 delay to %.2f of polling's (every 10 s); polling every 60 s behind webhooks costs %.2f of "
                + "the idle requests of every 10 s%n", percentile(webhooks.delaysMs(), 50) / (double) percentile(polling.delaysMs(), 50),
                slow.idlePerHour() / polling.idlePerHour());
    }

    static Result measure(String label, boolean webhooks, int every, int rows, int idleSeconds) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SandboxOptions options = SandboxOptions.defaults();
        if (webhooks) {
            options = options.withWebhook("http://127.0.0.1:" + port + "/webhooks/notion", VERIFICATION_TOKEN);
        }
        Path data = Files.createTempDirectory("wizzygen-watch-bench");
        try (SandboxServer sandbox = SandboxServer.start(options); NotionCounter proxy = new NotionCounter(sandbox.baseUrl())) {
            // The bench's own requests keep to 1 a second, leaving the integration's budget to the app.
            NotionClient client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                    .rateLimiter(new RateLimiter(1, 1, System::nanoTime)).build();
            String connections = client.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                    .map(SearchResult::url).findFirst().orElseThrow();
            new SettingsStore(Store.sqlite(data), SecretBox.open(data, MASTER_KEY)).save("local",
                    new Settings(connections, "demo", null, null, null, sandbox.token(), null));
            try (WebApp app = WebApp.start(WebApp.Options.local(port, new Storage(data, null, MASTER_KEY),
                    Clients.forOwner(Environment.of(Map.of("WIZZYGEN_DEMO_LATENCY_MS", "500")), proxy.baseUrl()), Prices.builtInOnly(), Plans.defaults())
                    .withAccess(new Access(URI.create("http://127.0.0.1:" + port), false), SignUps.Rules.DEFAULT))) {
                String base = "http://127.0.0.1:" + port;
                if (webhooks) {
                    send(HttpRequest.newBuilder(URI.create(base + "/webhooks/notion")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"verification_token\":\"" + VERIFICATION_TOKEN + "\"}")).build());
                    AppForms.post(base, "/settings/webhooks/reveal", Map.of());
                }
                NotionId sample = client.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
                Database database = client.createDatabase(sample, "Watched", List.of(PropertySchema.of("Topic", "title"),
                        PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
                for (int i = 1; i <= rows; i++) {
                    client.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i)));
                }
                String connection = AppForms.post(base, "/create", Map.of("name", "Watched", "type", "Notion Database", "template", "own",
                        "url", database.url())).replace("/connections/", "");
                AppForms.post(base, "/connections/" + connection + "/keep-running", Map.of("prompt", "Summarise {{Topic}}", "output", "Content",
                        "checkbox", "Generate", "every", String.valueOf(every)));
                Thread.sleep(3000); // the first look (every row ticked before the switch) is over

                Map<String, Long> ticked = new ConcurrentHashMap<>();
                Random random = new Random(16);
                List<Page> pages = client.queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
                for (Page page : pages) {
                    client.updatePage(page.id(), Map.of("Generate", new PropertyValue.Checkbox(true)));
                    ticked.put(page.id().compact(), System.nanoTime());
                    Thread.sleep(1000 + random.nextInt(5000));
                }
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!ticked.keySet().stream().allMatch(row -> proxy.firstUpdateNanos(row) != null) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                List<Long> delays = ticked.entrySet().stream().filter(e -> proxy.firstUpdateNanos(e.getKey()) != null)
                        .map(e -> (proxy.firstUpdateNanos(e.getKey()) - e.getValue()) / 1_000_000).sorted().collect(Collectors.toList());

                Thread.sleep(Math.max(2, every / 2) * 1000L); // the last run's own writes have been looked at
                int idle = Math.max(idleSeconds, 2 * every); // at least two looks counted
                int before = proxy.requests.get();
                Thread.sleep(idle * 1000L);
                double idlePerHour = (proxy.requests.get() - before) * 3600.0 / idle;
                System.out.printf("%-34s %6d %9.1f %9.1f %9.1f %22.0f%n", label, delays.size(), percentile(delays, 50) / 1000.0,
                        percentile(delays, 95) / 1000.0, delays.isEmpty() ? 0 : delays.getLast() / 1000.0, idlePerHour);
                return new Result(delays, idlePerHour);
            }
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
