package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.Prices;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Filter;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.Query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One answer per ticked row (one output's bare answer, or one JSON answer filling several outputs, typed by the
 * database's schema). Rows are read page by page with a server-side filter; AI calls run concurrently
 * ({@link RowPipeline}: enough of them that the Notion writer never waits) and feed one writer ({@link RowWriter})
 * that sets each row with ONE page update. Every row's answer is recorded before Notion is written, so a resumed
 * run repeats no stored AI call. The plan ({@link DatabasePlanner}) checks the job against the database first.
 */
public final class DatabaseRunner {

    /**
     * Rows in flight by default (asked of the AI, or answered and waiting for the writer): Notion takes ~3
     * writes/s, so with answers taking up to ~20 s this many keep the writer busy, while a fast AI cannot run
     * far ahead of Notion, which keeps memory flat and a cancel prompt (the engine's own cap and rate limits
     * still apply).
     */
    static final int DEFAULT_IN_FLIGHT = 64;

    private final NotionClient notion;
    private final AiEngine engine;
    private final RunLog log;
    private final Prices prices;

    public DatabaseRunner(NotionClient notion, AiEngine engine, RunLog log) {
        this(notion, engine, log, Prices.builtInOnly());
    }

    public DatabaseRunner(NotionClient notion, AiEngine engine, RunLog log, Prices prices) {
        this.notion = notion;
        this.engine = engine;
        this.log = log;
        this.prices = prices;
    }

    /**
     * A checked, runnable job: the data source and the properties it reads and writes. {@code schema} is the JSON
     * one AI call answers to fill several outputs; null for one output, which takes the AI's bare answer.
     */
    public record Plan(DatabaseJob job, DataSource source, List<String> inputs, List<PropertySchema> outputs, OutputSchema schema,
                       PropertySchema checkbox, PropertySchema status, PropertySchema error, PromptTemplate template, String runKey) {
        public Plan {
            outputs = List.copyOf(outputs);
        }

        /** The outputs' names as people read them: "Summary, Tags, Sentiment". */
        public String outputNames() {
            return String.join(", ", outputs.stream().map(PropertySchema::name).toList());
        }
    }

    /** What happened to one row; all but Started carry the run's totals so far. */
    public sealed interface RowEvent {
        String rowId();

        String title();

        record Started(String rowId, String title) implements RowEvent {
        }

        record Written(String rowId, String title, String output, long tokens, boolean reused, Totals totals) implements RowEvent {
        }

        record Failed(String rowId, String title, String reason, Totals totals) implements RowEvent {
        }

        /** The run stopped (the plan's prompts used up, the breaker, another server took over) before this row: it stays ticked. */
        record NotReached(String rowId, String title, String reason, Totals totals) implements RowEvent {
        }
    }

    /** Counts, tokens and estimated cost of a run so far. */
    public record Totals(int written, int failed, Cost cost) {
    }

    /**
     * The end of a run. {@code stoppedBecause} says why it ended early (null when it went through every ticked row);
     * {@code notReached} rows were fetched but not written because of that stop, and stay ticked.
     */
    public record Summary(int written, List<RowEvent.Failed> failed, int notReached, int aiCalls, Cost cost, Duration elapsed,
                          String stoppedBecause) {
        public double rowsPerSecond() {
            return elapsed.isZero() ? 0 : written * 1000.0 / elapsed.toMillis();
        }
    }

    /**
     * One previewed row: its rendered prompt, what the AI answered and the value each output would get (by property,
     * in the outputs' order; empty when the answer does not fit, and {@code error} says why). Nothing is written.
     */
    public record PreviewRow(String title, String prompt, String answer, Map<String, String> values, String error) {
        public PreviewRow {
            values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Resolves the database and its properties; every wrong link, name or type is a clear error before anything runs. */
    public Plan plan(DatabaseJob job) {
        return DatabasePlanner.plan(notion, job, String.valueOf(engine.kind()));
    }

    /** Generates the first rows' answers without writing anything (each row as a run asks for it: one call, a repair at most). */
    public List<PreviewRow> preview(Plan plan, int rows) {
        List<PreviewRow> preview = new ArrayList<>();
        RowPipeline pipeline = new RowPipeline(plan, engine, log, new Spend(prices, engine.kind()), event -> { });
        try (Stream<Page> pages = rows(plan)) {
            for (Page page : pages.limit(rows).toList()) {
                Map<String, String> values = values(page);
                String prompt = plan.template().render(values, plan.inputs());
                try {
                    OutputSchema.Answer answer = pipeline.ask(prompt, plan.template().usedValues(values, plan.inputs()));
                    preview.add(switch (answer.fit()) {
                        case OutputSchema.Fit.Fits fits -> new PreviewRow(page.title(), prompt, answer.json().strip(), shown(fits), null);
                        case OutputSchema.Fit.DoesNotFit unfit -> new PreviewRow(page.title(), prompt, answer.json().strip(), Map.of(), unfit.reason());
                    });
                } catch (AiException e) {
                    preview.add(new PreviewRow(page.title(), prompt, null, Map.of(), e.userMessage()));
                }
            }
        }
        return preview;
    }

    private static Map<String, String> shown(OutputSchema.Fit.Fits fits) {
        Map<String, String> shown = new LinkedHashMap<>();
        fits.values().forEach((name, value) -> shown.put(name, value.asText()));
        return shown;
    }

    /** Runs the plan until every ticked row is written or failed, the engine says stop, or {@code cancel} is set. */
    public Summary run(Plan plan, Consumer<RowEvent> events, AtomicBoolean cancel) {
        return run(plan, events, cancel, Fence.NONE);
    }

    /** As {@link #run(Plan, Consumer, AtomicBoolean)}; once {@code fence} no longer holds, nothing more is written. */
    public Summary run(Plan plan, Consumer<RowEvent> events, AtomicBoolean cancel, Fence fence) {
        long start = System.nanoTime();
        int concurrency = plan.job().concurrency() != null ? Math.max(1, plan.job().concurrency()) : DEFAULT_IN_FLIGHT;
        Semaphore inFlight = new Semaphore(concurrency);
        BlockingQueue<RowPipeline.Generated> toWrite = new LinkedBlockingQueue<>();
        Spend spend = new Spend(prices, engine.kind());
        RowPipeline pipeline = new RowPipeline(plan, engine, log, spend, events);
        RowWriter writer = new RowWriter(plan, notion, log, toWrite, events, spend, inFlight, fence, cancel);
        Thread writerThread = Thread.ofPlatform().name("wizzygen-notion-writer").start(writer);
        try (ExecutorService ai = Executors.newVirtualThreadPerTaskExecutor(); Stream<Page> pages = rows(plan)) {
            Iterator<Page> iterator = pages.iterator();
            while (iterator.hasNext() && pipeline.stoppedBecause() == null && !cancel.get() && !writer.fenced) {
                Page page = iterator.next();
                acquire(inFlight);
                ai.submit(() -> {
                    boolean queued = false;
                    try {
                        toWrite.put(pipeline.generate(page));
                        queued = true;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (!queued) {
                            inFlight.release();
                        }
                    }
                });
            }
        }
        toWrite.add(RowPipeline.Generated.END);
        join(writerThread);
        String stopped = writer.fenced ? RowWriter.TAKEN_OVER : pipeline.stoppedBecause() != null ? pipeline.stoppedBecause()
                : cancel.get() ? "cancelled" : null;
        return new Summary(writer.written, List.copyOf(writer.failed), writer.notReached, (int) pipeline.aiCalls(), spend.now(),
                Duration.ofNanos(System.nanoTime() - start), stopped);
    }

    /** The ticked rows; with "only empty", those whose outputs are all still empty (a checkbox output is never empty). */
    private Stream<Page> rows(Plan plan) {
        List<String> names = plan.outputs().stream().map(PropertySchema::name).toList();
        List<String> types = plan.outputs().stream().map(PropertySchema::type).toList();
        Filter filter = RowFilters.all(RowFilters.toProcess(plan.checkbox().name(), names, types, plan.job().onlyEmpty()));
        Stream<Page> rows = notion.queryDataSource(plan.source().id(), Query.where(filter));
        return plan.job().limit() != null ? rows.limit(plan.job().limit()) : rows;
    }

    /** Property types whose emptiness a query can filter on. */

    static Map<String, String> values(Page page) {
        Map<String, String> values = new LinkedHashMap<>();
        page.properties().forEach((name, value) -> values.put(name, value.asText()));
        return values;
    }

    private static void acquire(Semaphore semaphore) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
