package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.Prices;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.Filter;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One answer per ticked row. Rows are read page by page with a server-side filter; AI calls run concurrently
 * (enough of them that the Notion writer never waits) and feed one writer that sets each row with ONE page
 * update (output, checkbox cleared, AI Status / AI Error where the database has them). Every row's state and
 * answer is recorded before Notion is written, so a resumed run repeats no stored AI call.
 */
public final class DatabaseRunner {

    /**
     * Rows in flight by default (asked of the AI, or answered and waiting for the writer): Notion takes ~3
     * writes/s, so with answers taking up to ~20 s this many keep the writer busy, while a fast AI cannot run
     * far ahead of Notion, which keeps memory flat and a cancel prompt (the engine's own cap and rate limits
     * still apply).
     */
    static final int DEFAULT_IN_FLIGHT = 64;
    static final String STATUS_PROPERTY = "AI Status";
    static final String ERROR_PROPERTY = "AI Error";
    private static final String SYSTEM = "You fill one field of a Notion database row. Answer with the value only: "
            + "no preamble, no quotes, no Markdown unless asked.";

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

    /** A checked, runnable job: the data source and the properties it reads and writes. */
    public record Plan(DatabaseJob job, DataSource source, List<String> inputs, PropertySchema output, PropertySchema checkbox,
                       PropertySchema status, PropertySchema error, PromptTemplate template, String runKey) {
    }

    /** What happened to one row; written and failed rows carry the run's totals so far. */
    public sealed interface RowEvent {
        record Started(String rowId, String title) implements RowEvent {
        }

        record Written(String rowId, String title, String output, long tokens, boolean reused, Totals totals) implements RowEvent {
        }

        record Failed(String rowId, String title, String reason, Totals totals) implements RowEvent {
        }
    }

    /** Counts, tokens and estimated cost of a run so far. */
    public record Totals(int written, int failed, Cost cost) {
    }

    /** The end of a run. */
    public record Summary(int written, List<RowEvent.Failed> failed, int aiCalls, Cost cost, Duration elapsed, String stoppedBecause) {
        public long inputTokens() {
            return cost.inputTokens();
        }

        public long outputTokens() {
            return cost.outputTokens();
        }

        public double rowsPerSecond() {
            return elapsed.isZero() ? 0 : written * 1000.0 / elapsed.toMillis();
        }
    }

    /** One previewed row: its rendered prompt and what the AI answered (nothing is written). */
    public record PreviewRow(String title, String prompt, String answer, String error) {
    }

    /** Resolves the database and its properties; every wrong link, name or type is a clear error before anything runs. */
    public Plan plan(DatabaseJob job) {
        PromptTemplate template = new PromptTemplate(job.prompt());
        NotionId id = NotionIds.parse(job.databaseLink());
        Database database = notion.retrieveDatabase(id);
        Database.DataSourceRef ref = chooseSource(database, job.dataSourceName());
        DataSource source = notion.retrieveDataSource(ref.id());
        List<String> inputs = job.inputs().isEmpty() ? List.of(source.titleProperty()) : job.inputs();
        for (String input : inputs) {
            require(source, input, "input");
        }
        for (String placeholder : template.placeholders()) {
            require(source, placeholder, "placeholder {{" + placeholder + "}} in the prompt");
        }
        PropertySchema checkbox = job.checkbox() != null ? require(source, job.checkbox(), "checkbox")
                : source.properties().values().stream().filter(p -> p.type().equals("checkbox")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has no checkbox property to tick rows with. "
                        + "Add one (e.g. \"Generate\") in Notion, or name one with --checkbox."));
        if (!checkbox.type().equals("checkbox")) {
            throw new IllegalArgumentException("\"" + checkbox.name() + "\" is a " + checkbox.type() + " property, not a checkbox.");
        }
        PropertySchema output = job.output() != null ? require(source, job.output(), "output")
                : source.properties().values().stream().filter(p -> p.type().equals("rich_text") && !inputs.contains(p.name())
                        && !p.name().equals(ERROR_PROPERTY)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has no text property for the answers. "
                        + "Add one (e.g. \"Content\"), or name the output with --output."));
        if (!OutputValue.WRITABLE.contains(output.type())) {
            throw new IllegalArgumentException("The output \"" + output.name() + "\" is a " + output.type() + " property, which cannot hold "
                    + "an answer. Choose a text, select, multi-select, status, number, URL or checkbox property.");
        }
        if (output.name().equals(checkbox.name())) {
            throw new IllegalArgumentException("\"" + output.name() + "\" is the checkbox that marks rows to process; choose another output.");
        }
        if (inputs.contains(output.name())) {
            throw new IllegalArgumentException("\"" + output.name() + "\" cannot be both an input and the output.");
        }
        PropertySchema status = source.property(STATUS_PROPERTY).filter(p -> p.type().equals("select") || p.type().equals("status")).orElse(null);
        PropertySchema error = source.property(ERROR_PROPERTY).filter(p -> p.type().equals("rich_text")).orElse(null);
        String runKey = hash(source.id() + "|" + output.name() + "|" + checkbox.name() + "|" + inputs + "|" + job.prompt() + "|"
                + (job.model() == null ? "" : job.model()) + "|" + engine.kind());
        return new Plan(job, source, inputs, output, checkbox, status, error, template, runKey);
    }

    /** Generates the first rows' answers without writing anything. */
    public List<PreviewRow> preview(Plan plan, int rows) {
        List<PreviewRow> preview = new ArrayList<>();
        try (Stream<Page> pages = rows(plan)) {
            for (Page page : pages.limit(rows).toList()) {
                Map<String, String> values = values(page);
                String prompt = plan.template().render(values, plan.inputs());
                try {
                    AiResult result = engine.generate(request(plan, prompt, values));
                    preview.add(new PreviewRow(page.title(), prompt, result.text().strip(), null));
                } catch (AiException e) {
                    preview.add(new PreviewRow(page.title(), prompt, null, e.userMessage()));
                }
            }
        }
        return preview;
    }

    /** Runs the plan until every ticked row is written or failed, the engine says stop, or {@code cancel} is set. */
    public Summary run(Plan plan, Consumer<RowEvent> events, AtomicBoolean cancel) {
        long start = System.nanoTime();
        int concurrency = plan.job().concurrency() != null ? Math.max(1, plan.job().concurrency()) : DEFAULT_IN_FLIGHT;
        Semaphore inFlight = new Semaphore(concurrency);
        BlockingQueue<Generated> toWrite = new LinkedBlockingQueue<>();
        Map<String, CompletableFuture<AiResult>> byPrompt = new ConcurrentHashMap<>();
        AtomicReference<String> stopped = new AtomicReference<>();
        AtomicLong aiCalls = new AtomicLong();
        Spend spend = new Spend(prices, engine.kind());
        WriterLoop writer = new WriterLoop(plan, toWrite, events, spend, inFlight);
        Thread writerThread = Thread.ofPlatform().name("wizzygen-notion-writer").start(writer);
        try (ExecutorService ai = Executors.newVirtualThreadPerTaskExecutor(); Stream<Page> pages = rows(plan)) {
            Iterator<Page> iterator = pages.iterator();
            while (iterator.hasNext() && stopped.get() == null && !cancel.get()) {
                Page page = iterator.next();
                acquire(inFlight);
                ai.submit(() -> {
                    boolean queued = false;
                    try {
                        toWrite.put(generate(plan, page, events, byPrompt, aiCalls, spend, stopped));
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
        toWrite.add(Generated.END);
        join(writerThread);
        return new Summary(writer.written, List.copyOf(writer.failed), (int) aiCalls.get(), spend.now(),
                Duration.ofNanos(System.nanoTime() - start), stopped.get() != null ? stopped.get() : cancel.get() ? "cancelled" : null);
    }

    private Stream<Page> rows(Plan plan) {
        Filter ticked = Filter.checkbox(plan.checkbox().name(), true);
        Filter filter = plan.job().onlyEmpty() && List.of("rich_text", "title", "select", "multi_select", "status", "number", "url")
                .contains(plan.output().type())
                ? Filter.and(ticked, Filter.isEmpty(plan.output().name(), plan.output().type())) : ticked;
        Stream<Page> rows = notion.queryDataSource(plan.source().id(), Query.where(filter));
        return plan.job().limit() != null ? rows.limit(plan.job().limit()) : rows;
    }

    /** A row ready for the writer: its answer, or why it has none. */
    private record Generated(Page page, String output, long tokens, boolean reused, String failure, boolean writeFailure) {
        static final Generated END = new Generated(null, null, 0, false, null, false);
    }

    private Generated generate(Plan plan, Page page, Consumer<RowEvent> events, Map<String, CompletableFuture<AiResult>> byPrompt,
                               AtomicLong aiCalls, Spend spend, AtomicReference<String> stopped) {
        String rowId = page.id().value();
        events.accept(new RowEvent.Started(rowId, page.title()));
        var stored = log.row(plan.runKey(), rowId);
        // Only an answer generated but not yet written is reused: a row ticked again after it was written asks for a new one.
        if (stored.isPresent() && stored.get().output() != null && stored.get().state() == RunLog.State.GENERATED) {
            return new Generated(page, stored.get().output(), 0, true, null, false);
        }
        Map<String, String> values = values(page);
        String prompt = plan.template().render(values, plan.inputs());
        log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.QUEUED, prompt, null, 0, 0, null));
        if (stopped.get() != null) {
            return new Generated(page, null, 0, false, stopped.get(), false);
        }
        try {
            AiResult result = generateOnce(plan, prompt, values, byPrompt, aiCalls, spend);
            String output = result.text().strip();
            log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.GENERATED, prompt, output,
                    result.usage().inputTokens(), result.usage().outputTokens(), null));
            return new Generated(page, output, result.usage().totalTokens(), false, null, false);
        } catch (java.util.concurrent.CompletionException wrapped) {
            Throwable cause = wrapped.getCause();
            String reason = cause instanceof AiException e ? e.userMessage() : "The AI call failed: " + cause;
            if (cause instanceof AiException e && e.kind() == AiException.Kind.STOP) {
                stopped.compareAndSet(null, reason);
                return new Generated(page, null, 0, false, reason, false);
            }
            log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.FAILED, prompt, null, 0, 0, reason));
            return new Generated(page, null, 0, false, reason, true);
        }
    }

    /**
     * Identical prompts within a run are generated once: the first row to need a prompt calls the AI (outside
     * any lock), the others wait for its answer.
     */
    private AiResult generateOnce(Plan plan, String prompt, Map<String, String> values, Map<String, CompletableFuture<AiResult>> byPrompt,
                                  AtomicLong aiCalls, Spend spend) {
        CompletableFuture<AiResult> mine = new CompletableFuture<>();
        CompletableFuture<AiResult> earlier = byPrompt.putIfAbsent(prompt, mine);
        if (earlier != null) {
            return earlier.join();
        }
        try {
            aiCalls.incrementAndGet();
            AiResult answer = engine.generate(request(plan, prompt, plan.template().usedValues(values, plan.inputs())));
            spend.add(answer);
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private AiRequest request(Plan plan, String prompt, Map<String, String> values) {
        return AiRequest.of(prompt).withSystem(SYSTEM).withModel(plan.job().model()).withTemperature(plan.job().temperature())
                .withRowValues(values);
    }

    private static Map<String, String> values(Page page) {
        Map<String, String> values = new LinkedHashMap<>();
        page.properties().forEach((name, value) -> values.put(name, value.asText()));
        return values;
    }

    /** The one Notion writer: each row gets exactly one page update, in the order answers arrive. */
    private final class WriterLoop implements Runnable {
        private final Plan plan;
        private final BlockingQueue<Generated> queue;
        private final Consumer<RowEvent> events;
        private final Spend spend;
        final List<RowEvent.Failed> failed = new ArrayList<>();
        int written;

        private final Semaphore inFlight;

        WriterLoop(Plan plan, BlockingQueue<Generated> queue, Consumer<RowEvent> events, Spend spend, Semaphore inFlight) {
            this.plan = plan;
            this.queue = queue;
            this.events = events;
            this.spend = spend;
            this.inFlight = inFlight;
        }

        private Totals totals() {
            return new Totals(written, failed.size(), spend.now());
        }

        @Override
        public void run() {
            while (true) {
                Generated next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (next == Generated.END) {
                    return;
                }
                try {
                    write(next);
                } finally {
                    inFlight.release();
                }
            }
        }

        private void write(Generated row) {
            String rowId = row.page().id().value();
            if (row.failure() != null) {
                fail(row, row.failure(), row.writeFailure());
                return;
            }
            Map<String, PropertyValue> update = new LinkedHashMap<>();
            try {
                update.put(plan.output().name(), OutputValue.of(plan.output(), row.output()));
            } catch (IllegalArgumentException notThatType) {
                log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.FAILED, null, row.output(), 0, 0, notThatType.getMessage()));
                fail(row, notThatType.getMessage(), true);
                return;
            }
            update.put(plan.checkbox().name(), new PropertyValue.Checkbox(false));
            if (plan.status() != null && plan.status().options().contains("Done")) {
                update.put(plan.status().name(), plan.status().type().equals("status") ? new PropertyValue.Status("Done") : new PropertyValue.Select("Done"));
            }
            if (plan.error() != null) {
                update.put(plan.error().name(), new PropertyValue.Text(""));
            }
            try {
                notion.updatePage(row.page().id(), update);
                log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.WRITTEN, null, row.output(), 0, 0, null));
                written++;
                events.accept(new RowEvent.Written(rowId, row.page().title(), row.output(), row.tokens(), row.reused(), totals()));
            } catch (NotionException e) {
                fail(row, e.userMessage(), false);
            }
        }

        /** Records the failure and, where the database has AI Status / AI Error, shows it on the row (still ticked). */
        private void fail(Generated row, String reason, boolean showInNotion) {
            RowEvent.Failed event = new RowEvent.Failed(row.page().id().value(), row.page().title(), reason,
                    new Totals(written, failed.size() + 1, spend.now()));
            failed.add(event);
            events.accept(event);
            if (!showInNotion || (plan.status() == null && plan.error() == null)) {
                return;
            }
            Map<String, PropertyValue> update = new LinkedHashMap<>();
            if (plan.status() != null && plan.status().options().contains("Failed")) {
                update.put(plan.status().name(), plan.status().type().equals("status") ? new PropertyValue.Status("Failed") : new PropertyValue.Select("Failed"));
            }
            if (plan.error() != null) {
                update.put(plan.error().name(), new PropertyValue.Text(reason));
            }
            try {
                if (!update.isEmpty()) {
                    notion.updatePage(row.page().id(), update);
                }
            } catch (NotionException ignored) {
                // the failure is already reported in the summary; Notion refusing to show it changes nothing
            }
        }
    }

    private static Database.DataSourceRef chooseSource(Database database, String name) {
        if (database.dataSources().isEmpty()) {
            throw new IllegalArgumentException("\"" + database.title() + "\" has no data source the integration can read.");
        }
        if (database.dataSources().size() == 1 && name == null) {
            return database.dataSources().getFirst();
        }
        return database.dataSources().stream().filter(ds -> ds.name().equalsIgnoreCase(name == null ? "" : name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has several data sources; name one of: "
                        + String.join(", ", database.dataSources().stream().map(Database.DataSourceRef::name).toList()) + "."));
    }

    private static PropertySchema require(DataSource source, String name, String role) {
        return source.property(name).orElseThrow(() -> new IllegalArgumentException("The " + role + " \"" + name
                + "\" is not a property of this database. Its properties are: " + String.join(", ", source.properties().keySet()) + "."));
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

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
