package io.wizzygen.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.Prices;
import io.wizzygen.markdown.BlocksToMarkdown;
import io.wizzygen.markdown.MarkdownStream;
import io.wizzygen.notion.Block;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * AI content into a Notion page: the answer is streamed, turned into blocks as each one completes, and
 * appended while the AI is still writing (the first blocks at once, later ones gathered so the number of
 * requests stays near the minimum Notion's limits allow).
 */
public final class PageGenerator {

    static final String SYSTEM = "You write content for a Notion page. Answer in Markdown (headings, paragraphs, lists, "
            + "tables and code blocks where they help). Do not wrap the whole answer in a code block and do not add "
            + "remarks about yourself.";
    private static final Duration GATHER = Duration.ofMillis(1500);

    private final NotionClient notion;
    private final AiEngine engine;
    private final LongSupplier clock;
    private final Prices prices;

    public PageGenerator(NotionClient notion, AiEngine engine) {
        this(notion, engine, Prices.builtInOnly());
    }

    public PageGenerator(NotionClient notion, AiEngine engine, Prices prices) {
        this(notion, engine, prices, System::nanoTime);
    }

    PageGenerator(NotionClient notion, AiEngine engine, Prices prices, LongSupplier clock) {
        this.notion = notion;
        this.engine = engine;
        this.prices = prices;
        this.clock = clock;
    }

    /** What to do: which page, the prompt, append or replace, and whether the page's text goes along as context. */
    public record Job(String pageLink, String prompt, boolean replace, boolean includePageText, String model, Double temperature) {
    }

    /** What happened: the page, the blocks written, how many append calls wrote them, the AI's result and its cost. */
    public record Outcome(Page page, int blocksWritten, int appendCalls, AiResult ai, Cost cost) {
    }

    /** Progress as it happens, for a terminal or the web UI. */
    public sealed interface Event {
        record Text(String piece) implements Event {
        }

        record BlocksWritten(int total) implements Event {
        }
    }

    public Outcome run(Job job, Consumer<Event> events) {
        if (job.prompt() == null || job.prompt().isBlank()) {
            throw new IllegalArgumentException("The prompt is empty: write what the page should contain, e.g. \"A one-page guide to composting\".");
        }
        NotionId pageId = NotionIds.parse(job.pageLink());
        Page page = notion.retrievePage(pageId);
        String prompt = job.prompt();
        if (job.includePageText()) {
            String existing = pageText(pageId);
            if (!existing.isBlank()) {
                prompt = prompt + "\n\nThe page currently contains:\n\n" + existing;
            }
        }
        if (job.replace()) {
            clear(pageId);
        }
        Writer writer = new Writer(pageId, events);
        MarkdownStream markdown = new MarkdownStream();
        AiRequest request = AiRequest.of(prompt).withSystem(SYSTEM).withModel(job.model()).withTemperature(job.temperature());
        AiResult result = engine.stream(request, piece -> {
            events.accept(new Event.Text(piece));
            writer.offer(markdown.append(piece), false);
        });
        writer.offer(markdown.finish(), true);
        Spend spend = new Spend(prices, engine.kind());
        spend.add(result);
        return new Outcome(page, writer.written, writer.requests, result, spend.now());
    }

    /** The page's current content as Markdown (nested blocks read as needed). */
    private String pageText(NotionId pageId) {
        return BlocksToMarkdown.convert(notion.listBlockChildren(pageId).map(Block::json).toList(),
                json -> json.path("has_children").asBoolean(false)
                        ? notion.listBlockChildren(NotionId.ofHex(json.path("id").asText())).map(Block::json).toList()
                        : List.of());
    }

    /** Removes the page's content blocks; sub-pages and databases stay (replacing text must never trash them). */
    private void clear(NotionId pageId) {
        for (Block block : notion.listBlockChildren(pageId).toList()) {
            if (!block.type().equals("child_page") && !block.type().equals("child_database")) {
                notion.deleteBlock(block.id());
            }
        }
    }

    /** Appends the first blocks at once, then gathers blocks for a short while so fewer requests are needed. */
    private final class Writer {
        private final NotionId pageId;
        private final Consumer<Event> events;
        private final List<ObjectNode> gathered = new ArrayList<>();
        private long lastWrite = Long.MIN_VALUE;
        int written;
        int requests;

        Writer(NotionId pageId, Consumer<Event> events) {
            this.pageId = pageId;
            this.events = events;
        }

        void offer(List<ObjectNode> blocks, boolean last) {
            gathered.addAll(blocks);
            boolean due = written == 0 || clock.getAsLong() - lastWrite >= GATHER.toNanos();
            if (!gathered.isEmpty() && (last || due)) {
                List<JsonNode> batch = new ArrayList<>(gathered);
                gathered.clear();
                notion.appendBlocks(pageId, batch);
                requests++;
                written += batch.size();
                lastWrite = clock.getAsLong();
                events.accept(new Event.BlocksWritten(written));
            }
        }
    }
}
