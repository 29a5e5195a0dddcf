import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.markdown.MarkdownStream;
import io.wizzygen.markdown.MarkdownToBlocks;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Page generation against the sandbox with Notion's limit on (3 requests/s): appends per page against the fewest
 * the limits allow for the same answer, the appends allowed (that minimum plus one per 2 s of streaming), the
 * delay from the first text to the first content in Notion, and the p95 delay from a block finished by the AI to
 * the block visible in Notion. Cases: the fidelity document arriving whole (a burst), and the demo engine
 * streaming its answer over 2 s and 10 s. Usage: bench/run-page
 */
public class PageBench {

    static final java.util.concurrent.atomic.AtomicInteger APPENDS = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        String fidelity = Files.readString(Path.of("src/test/resources/io/wizzygen/generation/fidelity.md"));
        System.out.printf("%-26s %7s %8s %13s %8s %8s %10s %14s%n", "answer", "blocks", "appends", "summary says", "fewest", "allowed",
                "first (s)", "p95 delay (s)");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(3))) {
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).observer(exchange -> {
                if (exchange.method().equals("PATCH") && exchange.path().endsWith("/children")) {
                    APPENDS.incrementAndGet();
                }
            }).build();
            NotionId sample = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
            measure("fidelity document, whole", new Whole(fidelity), notion, sample);
            for (long latency : new long[] {2000, 10000}) {
                measure("demo streaming " + latency / 1000 + " s", Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(latency).build()),
                        notion, sample);
            }
        }
    }

    private static void measure(String name, AiEngine engine, NotionClient notion, NotionId parent) throws InterruptedException {
        NotionId page = notion.createChildPage(parent, name).id();
        Thread.sleep(1000); // the setup's requests leave the token's budget as a page run finds it
        Timed timed = new Timed(engine);
        int appendsBefore = APPENDS.get();
        List<long[]> visible = new ArrayList<>(); // {blocks visible, at}
        PageGenerator.Outcome outcome = new PageGenerator(notion, timed).run(new PageGenerator.Job(page.value(),
                "A guide to composting, with lists, a table and a code sample", false, false, null, null), event -> {
            if (event instanceof PageGenerator.Event.BlocksWritten written) {
                visible.add(new long[] {written.total(), System.nanoTime()});
            }
        });
        int appends = APPENDS.get() - appendsBefore;
        List<Double> delays = new ArrayList<>();
        for (int block = 0; block < timed.finishedAt.size(); block++) {
            int index = block;
            long at = visible.stream().filter(v -> v[0] > index).mapToLong(v -> v[1]).findFirst().orElse(Long.MAX_VALUE);
            delays.add((at - timed.finishedAt.get(block)) / 1e9);
        }
        delays.sort(Double::compare);
        double p95 = delays.isEmpty() ? 0 : delays.get((int) Math.ceil(delays.size() * 0.95) - 1);
        NotionId scratch = notion.createChildPage(parent, name + " (fewest)").id();
        int fewestBefore = APPENDS.get();
        notion.appendBlocks(scratch, MarkdownToBlocks.convert(timed.text.toString()));
        int fewest = APPENDS.get() - fewestBefore;
        double streaming = (timed.lastPieceAt - timed.firstPieceAt) / 1e9;
        System.out.printf("%-26s %7d %8d %13d %8d %8d %10.2f %14.2f%n", name, outcome.blocksWritten(), appends, outcome.appendCalls(), fewest,
                fewest + (int) Math.ceil(streaming / 2), (visible.getFirst()[1] - timed.firstPieceAt) / 1e9, p95);
    }

    /** Passes the engine's answer on, noting when text arrived and when each block was finished (parsed as the generator does). */
    static final class Timed implements AiEngine {
        final AiEngine engine;
        final StringBuilder text = new StringBuilder();
        final List<Long> finishedAt = new ArrayList<>();
        final MarkdownStream blocks = new MarkdownStream();
        long firstPieceAt;
        long lastPieceAt;

        Timed(AiEngine engine) {
            this.engine = engine;
        }

        public EngineKind kind() { return engine.kind(); }
        public String label() { return engine.label(); }
        public List<String> models() { return engine.models(); }
        public KeyCheck testKey() { return engine.testKey(); }
        public AiResult generate(AiRequest request) { return stream(request, piece -> { }); }

        public AiResult stream(AiRequest request, Consumer<String> onText) {
            AiResult result = engine.stream(request, piece -> {
                long now = System.nanoTime();
                if (text.isEmpty()) {
                    firstPieceAt = now;
                }
                lastPieceAt = now;
                text.append(piece);
                for (ObjectNode ignored : blocks.append(piece)) {
                    finishedAt.add(now);
                }
                onText.accept(piece);
            });
            long end = System.nanoTime();
            for (ObjectNode ignored : blocks.finish()) {
                finishedAt.add(end);
            }
            return result;
        }
    }

    /** An engine whose whole answer arrives at once, as from an engine that does not stream. */
    record Whole(String answer) implements AiEngine {
        public EngineKind kind() { return EngineKind.DEMO; }
        public String label() { return "whole answer"; }
        public List<String> models() { return List.of(); }
        public KeyCheck testKey() { return new KeyCheck(true, ""); }
        public AiResult generate(AiRequest request) { return stream(request, piece -> { }); }

        public AiResult stream(AiRequest request, Consumer<String> onText) {
            onText.accept(answer);
            return new AiResult(answer, AiResult.FinishReason.STOP, AiResult.Usage.NONE, "whole", Duration.ZERO);
        }
    }
}
