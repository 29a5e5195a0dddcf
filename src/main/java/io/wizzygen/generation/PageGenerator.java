package io.wizzygen.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.Prices;
import io.wizzygen.markdown.BlocksToMarkdown;
import io.wizzygen.markdown.MarkdownStream;
import io.wizzygen.notion.Appended;
import io.wizzygen.notion.Block;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * AI content into a Notion page: the answer is streamed, turned into blocks as each one completes, and
 * appended while the AI is still writing: the first blocks at once, later ones gathered so that each is visible
 * within about 2 s of the AI finishing it, with about one append per 2 s of streaming beyond the minimum
 * Notion's limits allow.
 */
public final class PageGenerator {

    static final String SYSTEM = "You write content for a Notion page. Answer in Markdown (headings, paragraphs, lists, "
            + "tables and code blocks where they help). Do not wrap the whole answer in a code block and do not add "
            + "remarks about yourself.";
    /** How soon after the AI finished a block it should be visible in Notion: within 2 s, with a little to spare. */
    static final Duration VISIBLE_WITHIN = Duration.ofMillis(1900);
    /** The first blocks wait this long for more, so an answer that arrives all at once needs no extra append. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    /** However slow Notion was, blocks gather at least this long (a slow Notion is no reason to send more requests). */
    static final Duration MIN_GATHER = Duration.ofSeconds(1);

    private final NotionClient notion;
    private final AiEngine engine;
    private final Prices prices;

    public PageGenerator(NotionClient notion, AiEngine engine) {
        this(notion, engine, Prices.builtInOnly());
    }

    public PageGenerator(NotionClient notion, AiEngine engine, Prices prices) {
        this.notion = notion;
        this.engine = engine;
        this.prices = prices;
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
        Consumer<Event> oneAtATime = oneAtATime(events);
        Writer writer = new Writer(pageId, oneAtATime);
        MarkdownStream markdown = new MarkdownStream();
        AiRequest request = AiRequest.of(prompt).withSystem(SYSTEM).withModel(job.model()).withTemperature(job.temperature());
        AiResult result;
        try {
            result = engine.stream(request, piece -> {
                oneAtATime.accept(new Event.Text(piece));
                writer.offer(markdown.append(piece));
            });
        } catch (RuntimeException e) {
            writer.abandon();
            throw e;
        }
        writer.offer(markdown.finish());
        writer.finish();
        Spend spend = new Spend(prices, engine.kind());
        spend.add(result);
        return new Outcome(page, writer.written, writer.requests, result, spend.now());
    }

    /** Events come from the AI's thread and the writer's: the caller sees them one at a time. */
    private static Consumer<Event> oneAtATime(Consumer<Event> events) {
        Object turn = new Object();
        return event -> {
            synchronized (turn) {
                events.accept(event);
            }
        };
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

    /**
     * Appends the blocks on its own thread while the AI goes on writing. The first blocks go out once the answer
     * has paused for a moment (an answer that arrives whole goes out in one append); after that, a finished block
     * waits for others to join it only as long as still lets it be visible {@link #VISIBLE_WITHIN} after the AI
     * finished it, given how long Notion took to take the last append: so appends are about that far apart, and
     * a stream that stalls still shows what it has.
     */
    private final class Writer {
        private final NotionId pageId;
        private final Consumer<Event> events;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final List<ObjectNode> pending = new ArrayList<>();
        private final Thread thread;
        private long oldestPendingAt;
        private boolean finished;
        private long lastAppendNanos;
        private RuntimeException failure;
        int written;
        int requests;

        Writer(NotionId pageId, Consumer<Event> events) {
            this.pageId = pageId;
            this.events = events;
            this.thread = Thread.ofVirtual().name("wizzygen-page-writer").start(this::appendUntilFinished);
        }

        void offer(List<ObjectNode> blocks) {
            if (blocks.isEmpty()) {
                return;
            }
            lock.lock();
            try {
                if (pending.isEmpty()) {
                    oldestPendingAt = System.nanoTime();
                }
                pending.addAll(blocks);
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        /** The answer is complete: what is pending goes out now; returns once everything is appended. */
        void finish() {
            lock.lock();
            try {
                finished = true;
                changed.signal();
            } finally {
                lock.unlock();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                throw new IllegalStateException("Interrupted while the page was being written.", e);
            }
            if (failure != null) {
                throw failure;
            }
        }

        /** Stops appending (the AI failed): nothing more is written. */
        void abandon() {
            lock.lock();
            try {
                pending.clear();
                finished = true;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        private void appendUntilFinished() {
            try {
                for (List<JsonNode> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
                    long start = System.nanoTime();
                    Appended appended = notion.appendBlocksCounting(pageId, batch);
                    lastAppendNanos = System.nanoTime() - start;
                    requests += appended.requests();
                    written += appended.blocks().size();
                    events.accept(new Event.BlocksWritten(written));
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Waits until the pending blocks are due (or the answer is complete) and takes them; empty once all is written. */
        private List<JsonNode> nextBatch() {
            lock.lock();
            try {
                while (pending.isEmpty() && !finished) {
                    changed.awaitUninterruptibly();
                }
                long due = oldestPendingAt + (requests == 0 ? FIRST_PAUSE.toNanos()
                        : Math.max(VISIBLE_WITHIN.toNanos() - lastAppendNanos, MIN_GATHER.toNanos()));
                for (long wait = due - System.nanoTime(); !finished && wait > 0; wait = due - System.nanoTime()) {
                    changed.awaitNanos(wait);
                }
                List<JsonNode> batch = new ArrayList<>(pending);
                pending.clear();
                return batch;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                lock.unlock();
            }
        }
    }
}
