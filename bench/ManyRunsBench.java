import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finished runs leave the server's memory: many page runs through `serve` (limits off, the demo engine), the server's
 * heap in use after a full GC measured at 1,000 finished runs and at the end. Usage: bench/run-many [runs] [at-once]
 */
public class ManyRunsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int atOnce = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path folder = Files.createTempDirectory("wizzygen-many");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0))) {
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0).build();
            String connections = notion.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                    .map(SearchResult::url).findFirst().orElseThrow();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            new SettingsStore(Store.sqlite(folder.resolve("data")), SecretBox.open(null, "bench-key")).save("local",
                    new Settings(connections, "demo", null, null, null, sandbox.token(), null));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = folder.resolve("serve.log");
            ProcessBuilder serve = new ProcessBuilder("./wizzygen", "serve", "--port", String.valueOf(port), "--data", folder.resolve("data").toString(),
                    "--notion-rate", "0").redirectErrorStream(true).redirectOutput(log.toFile());
            serve.environment().keySet().removeIf(variable -> variable.startsWith("NOTION_") || variable.startsWith("WIZZYGEN_"));
            serve.environment().put("WIZZYGEN_MASTER_KEY", "bench-key");
            serve.environment().put("NOTION_API_BASE_URL", sandbox.baseUrl());
            Process server = serve.start();
            while (!Files.readString(log).contains("Wizzygen is running")) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("serve exited:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
            String app = "http://127.0.0.1:" + port;
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < atOnce; i++) {
                String page = notion.createChildPage(sample, "Many " + i).url();
                pages.add(AppForms.post(app, "/create", Map.of("name", "Many " + i, "type", "Notion Page", "template", "own", "url", page))
                        .replace("/connections/", ""));
            }
            AtomicInteger finished = new AtomicInteger();
            long start = System.nanoTime();
            long heapAtThousand = -1;
            Map<String, Long> classesAtThousand = Map.of();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> workers = new ArrayList<>();
                for (String connection : pages) {
                    workers.add(pool.submit(() -> {
                        while (finished.get() < runs) {
                            String location = AppForms.post(app, "/connections/" + connection + "/generate", Map.of("prompt", "One line", "mode", "append"));
                            String run = location.substring(location.indexOf("run=") + 4).replaceAll("&.*", "");
                            while (!AppForms.get(app + "/runs/" + run).contains("\"finished\":true")) {
                                Thread.sleep(20);
                            }
                            finished.incrementAndGet();
                        }
                        return null;
                    }));
                }
                while (finished.get() < runs) {
                    if (heapAtThousand < 0 && finished.get() >= 1000) {
                        heapAtThousand = heapInUse(server.pid());
                        classesAtThousand = bytesByClass(server.pid());
                    }
                    Thread.sleep(200);
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long heapAtEnd = heapInUse(server.pid());
            System.out.printf("%d runs finished in %.1f s (%.0f runs/s)%n", finished.get(), seconds, finished.get() / seconds);
            System.out.printf("server heap in use after a full GC: %.1f MB at 1,000 runs, %.1f MB at %,d runs%n", heapAtThousand / 1e6,
                    heapAtEnd / 1e6, finished.get());
            Map<String, Long> before = classesAtThousand;
            Map<String, Long> after = bytesByClass(server.pid());
            System.out.println("grew most since 1,000 runs:");
            after.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue() - before.getOrDefault(y.getKey(), 0L),
                    x.getValue() - before.getOrDefault(x.getKey(), 0L))).limit(8)
                    .forEach(e -> System.out.printf("  %+,10d bytes  %s%n", e.getValue() - before.getOrDefault(e.getKey(), 0L), e.getKey()));
            server.destroy();
            server.waitFor();
        }
        System.exit(0);
    }

    /** The heap in use of a JVM after a full collection, as jcmd reports it. */
    static long heapInUse(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").start().waitFor();
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        Matcher used = Pattern.compile("used (\\d+)K").matcher(text);
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said: " + text);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Bytes held per class in a JVM, from jcmd's class histogram (taken after a full collection). */
    static Map<String, Long> bytesByClass(long pid) throws Exception {
        Process histogram = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid),
                "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, Long> bytes = new java.util.HashMap<>();
        Matcher line = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        while (line.find()) {
            bytes.merge(line.group(2), Long.parseLong(line.group(1)), Long::sum);
        }
        histogram.waitFor();
        return bytes;
    }

}
