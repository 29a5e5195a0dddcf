package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.notion.Block;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedSandbox.class)
class PageGeneratorTest {

    private static SandboxFixture fixture;
    private static SandboxServer sandbox;
    private static NotionClient notion;

    @BeforeAll
    static void start(SandboxFixture shared) {
        fixture = shared;
        sandbox = fixture.server();
        notion = fixture.notion();
    }


    private static NotionId newPage(String title) {
        NotionId sample = fixture.samplePage();
        return notion.createChildPage(sample, title).id();
    }

    private static AiEngine demo(long latencyMs) {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(latencyMs).build());
    }

    @Test
    void theAnswerLandsAsBlocksAndTheFirstOnesBeforeTheAiHasFinished() {
        NotionId page = newPage("Generated");
        List<String> order = new ArrayList<>();
        PageGenerator.Outcome outcome = new PageGenerator(notion, demo(600)).run(
                new PageGenerator.Job(page.value(), "Write a guide to composting in 400 words", false, false, null, null),
                event -> order.add(event instanceof PageGenerator.Event.Text ? "text" : "written"));
        List<Block> blocks = notion.listBlockChildren(page).toList();
        assertThat(blocks).hasSize(outcome.blocksWritten());
        assertThat(blocks.getFirst().type()).isEqualTo("heading_2");
        assertThat(blocks.getFirst().plainText()).startsWith("Write a guide to composting");
        assertThat(blocks).extracting(Block::type).contains("paragraph", "bulleted_list_item");
        assertThat(order.indexOf("written")).as("blocks were written while text was still arriving").isLessThan(order.lastIndexOf("text"));
        assertThat(outcome.appendCalls()).isLessThan(outcome.blocksWritten());
    }

    @Test
    void replacingKeepsSubPagesAndCanUseThePagesTextAsContext() {
        NotionId page = newPage("Replace me");
        PageGenerator generator = new PageGenerator(notion, demo(0));
        generator.run(new PageGenerator.Job(page.value(), "First version", false, false, null, null), event -> { });
        notion.createChildPage(page, "Keep this sub-page");
        generator.run(new PageGenerator.Job(page.value(), "Second version", true, true, null, null), event -> { });
        List<Block> blocks = notion.listBlockChildren(page).toList();
        assertThat(blocks).extracting(Block::plainText).noneMatch(text -> text.startsWith("First version"));
        assertThat(blocks).filteredOn(b -> b.type().equals("child_page")).hasSize(1);
        assertThat(blocks).extracting(Block::plainText).anyMatch(text -> text.startsWith("Second version"));
    }

    @Test
    void anEmptyPromptOrABadLinkIsRefusedBeforeAnythingIsWritten() {
        PageGenerator generator = new PageGenerator(notion, demo(0));
        assertThatThrownBy(() -> generator.run(new PageGenerator.Job("https://www.notion.so/x-0123456789abcdef0123456789abcdef", " ", false, false, null, null), e -> { }))
                .hasMessageContaining("prompt is empty");
        assertThatThrownBy(() -> generator.run(new PageGenerator.Job("https://example.com/page", "x", false, false, null, null), e -> { }))
                .hasMessageContaining("notion.so");
    }

    @Test
    void thePagesTextGoesAlongAsContextWithNestedBlocksAtEveryDepth() {
        NotionId page = newPage("Context");
        notion.appendBlocks(page, io.wizzygen.markdown.MarkdownToBlocks.convert("- level one\n  - level two\n    - level three\n      - level four\n"));
        List<String> prompts = new ArrayList<>();
        AiEngine capturing = new AiEngine() {
            public io.wizzygen.ai.EngineKind kind() { return EngineKind.DEMO; }
            public String label() { return "capturing"; }
            public io.wizzygen.ai.AiResult generate(io.wizzygen.ai.AiRequest request) { return stream(request, text -> { }); }
            public io.wizzygen.ai.AiResult stream(io.wizzygen.ai.AiRequest request, java.util.function.Consumer<String> onText) {
                prompts.add(request.prompt());
                onText.accept("Summary.");
                return new io.wizzygen.ai.AiResult("Summary.", io.wizzygen.ai.AiResult.FinishReason.STOP,
                        io.wizzygen.ai.AiResult.Usage.NONE, "m", java.time.Duration.ZERO);
            }
            public List<String> models() { return List.of(); }
            public KeyCheck testKey() { return new KeyCheck(true, ""); }
        };
        new PageGenerator(notion, capturing).run(new PageGenerator.Job(page.value(), "Summarise this page", false, true, null, null), event -> { });
        assertThat(prompts).singleElement().asString()
                .contains("Summarise this page", "- level one", "  - level two", "    - level three", "      - level four");
    }

    /** An engine that hands over scripted pieces, running {@code between} after each. */
    private static AiEngine scripted(List<String> pieces, java.util.function.IntConsumer between) {
        return new AiEngine() {
            public EngineKind kind() { return EngineKind.DEMO; }
            public String label() { return "scripted"; }
            public io.wizzygen.ai.AiResult generate(io.wizzygen.ai.AiRequest request) { return stream(request, text -> { }); }
            public io.wizzygen.ai.AiResult stream(io.wizzygen.ai.AiRequest request, java.util.function.Consumer<String> onText) {
                for (int i = 0; i < pieces.size(); i++) {
                    onText.accept(pieces.get(i));
                    between.accept(i);
                }
                return new io.wizzygen.ai.AiResult(String.join("", pieces), io.wizzygen.ai.AiResult.FinishReason.STOP,
                        io.wizzygen.ai.AiResult.Usage.NONE, "m", java.time.Duration.ZERO);
            }
            public List<String> models() { return List.of(); }
            public KeyCheck testKey() { return new KeyCheck(true, ""); }
        };
    }

    static String fidelityDocument() throws java.io.IOException {
        try (var in = PageGeneratorTest.class.getResourceAsStream("fidelity.md")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAnswerThatArrivesWholeTakesTheFewestAppendsAndTheOutcomeCountsEveryOneSent() throws Exception {
        String document = fidelityDocument();
        int fewest = notion.appendBlocksCounting(newPage("Fewest"), io.wizzygen.markdown.MarkdownToBlocks.convert(document)).requests();
        java.util.concurrent.atomic.AtomicInteger appendsSent = new java.util.concurrent.atomic.AtomicInteger();
        NotionClient counted = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0)
                .observer(exchange -> {
                    if (exchange.method().equals("PATCH") && exchange.path().endsWith("/children")) {
                        appendsSent.incrementAndGet();
                    }
                }).build();
        NotionId page = newPage("Burst");
        PageGenerator.Outcome outcome = new PageGenerator(counted, scripted(List.of(document), i -> { }))
                .run(new PageGenerator.Job(page.value(), "Everything", false, false, null, null), event -> { });
        assertThat(fewest).as("the document needs follow-up appends for its deep list").isGreaterThan(1);
        assertThat(outcome.appendCalls()).isEqualTo(fewest).isEqualTo(appendsSent.get());
        assertThat(notion.listBlockChildren(page).toList()).hasSize(outcome.blocksWritten());
    }

    @Test
    void blocksFinishedBeforeTheStreamStallsBecomeVisibleWhileItStalls() {
        NotionId page = newPage("Stall");
        List<String> pieces = List.of("First paragraph.\n\n", "Second paragraph.\n\n", "Third paragraph, before a long pause.\n\n", "The end.");
        PageGenerator.Outcome outcome = new PageGenerator(notion, scripted(pieces, i -> {
            if (i == 2) { // "First" and "Second" are finished; the AI now waits until both show in Notion
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
                while (notion.listBlockChildren(page).count() < 2) {
                    assertThat(System.nanoTime()).as("finished blocks still not visible while the stream stalled").isLessThan(deadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
            }
        })).run(new PageGenerator.Job(page.value(), "Stall", false, false, null, null), event -> { });
        assertThat(notion.listBlockChildren(page).toList()).extracting(Block::plainText)
                .containsExactly("First paragraph.", "Second paragraph.", "Third paragraph, before a long pause.", "The end.");
        assertThat(outcome.blocksWritten()).isEqualTo(4);
    }
}
