import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
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
import io.wizzygen.store.SqlRunLog;
import io.wizzygen.store.Store;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a database row costs the client with every limit off: the sandbox runs in its own process at
 * --rate-limit 0, this JVM is the client (real SQLite run log in a temporary data folder, Notion pace unlimited,
 * demo engine without latency). Prints rows/s, client CPU ms per row (the sandbox's beside it), disk bytes the
 * client wrote per row, the largest live heap seen after a GC during the run, and the heap after the run.
 * Usage: bench/run-cost [rows ...]   (run with -Xmx256m; defaults: 10000 100000)
 */
public class ClientCostBench {

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {10_000, 100_000};
        System.out.printf("%8s %8s %8s %14s %15s %12s %14s %13s%n", "rows", "seconds", "rows/s", "client CPU ms", "sandbox CPU ms",
                "disk B/row", "peak live MB", "heap after MB");
        for (int rows : sizes) {
            measure(rows);
        }
    }

    private static void measure(int rows) throws Exception {
        Process sandbox = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.wizzygen.cli.Main", "sandbox", "--port", "0", "--rate-limit", "0")
                .redirectErrorStream(true).start();
        try {
            String baseUrl = baseUrlOf(sandbox);
            NotionClient notion = NotionClient.builder().baseUrl(baseUrl).token("ntn_sandbox").rateLimit(0).build();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            Database database = notion.createDatabase(sample, "Cost", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
            NotionId source = database.dataSources().getFirst().id();
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < rows; i++) {
                    int n = i;
                    pool.submit(() -> notion.createPage(source, Map.of("Topic", new PropertyValue.Title("Topic " + n),
                            "Generate", new PropertyValue.Checkbox(true))));
                }
            }
            Path data = Files.createTempDirectory("wizzygen-cost");
            Store store = Store.sqlite(data);
            DatabaseRunner runner = new DatabaseRunner(notion, Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(0).build()),
                    new SqlRunLog(store));
            DatabaseRunner.Plan plan = runner.plan(DatabaseJob.of(database.url(), "Summarise the topic"));
            System.gc();
            AtomicLong peakLive = watchLiveHeap();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long sandboxCpuBefore = cpuNanos(sandbox.pid());
            long diskBefore = writeBytes();
            DatabaseRunner.Summary summary = runner.run(plan, event -> { }, new AtomicBoolean());
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long sandboxCpu = cpuNanos(sandbox.pid()) - sandboxCpuBefore;
            long disk = writeBytes() - diskBefore;
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            int written = Math.max(1, summary.written());
            System.out.printf("%8d %8.1f %8.1f %14.2f %15.2f %12d %14d %13d%s%n", rows, summary.elapsed().toMillis() / 1000.0,
                    summary.rowsPerSecond(), cpu / 1e6 / written, sandboxCpu / 1e6 / written, disk / written, peakLive.get() >> 20,
                    heap.getUsed() >> 20, summary.written() == rows ? "" : "   (written " + summary.written() + ", failed " + summary.failed().size() + ")");
        } finally {
            sandbox.destroy();
            sandbox.waitFor();
        }
    }

    /** The largest heap left after any GC from now on: what the run keeps alive, not what it churns. */
    private static AtomicLong watchLiveHeap() {
        AtomicLong peak = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long live = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                peak.accumulateAndGet(live, Math::max);
            }, null, null);
        }
        return peak;
    }

    private static String baseUrlOf(Process sandbox) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream()));
        Pattern ready = Pattern.compile("ready at (http://\\S+)/v1");
        for (String line; (line = lines.readLine()) != null; ) {
            Matcher m = ready.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(ignored -> { }));
                return m.group(1);
            }
        }
        throw new IllegalStateException("the sandbox did not start");
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    static long cpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    /** Bytes this process caused to be written to storage (/proc/self/io). */
    static long writeBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring(12).trim());
            }
        }
        return 0;
    }
}
