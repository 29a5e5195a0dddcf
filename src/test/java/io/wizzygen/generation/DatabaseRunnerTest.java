package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedSandbox.class)
class DatabaseRunnerTest {

    private static SandboxFixture fixture;
    private static SandboxServer sandbox;
    private static NotionClient notion;

    @BeforeAll
    static void start(SandboxFixture shared) {
        fixture = shared;
        sandbox = fixture.server();
        notion = fixture.notion();
    }


    private static AiEngine demo(double failureRate) {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(0).demoFailureRate(failureRate).maxTries(1).build());
    }

    /** A fresh "Topics"-shaped database with the given topics, all ticked. */
    private static Database topics(String... titles) {
        NotionId sample = fixture.samplePage();
        Database database = notion.createDatabase(sample, "Topics " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text"),
                PropertySchema.of("AI Status", "select", "Done", "Failed"), PropertySchema.of("AI Error", "rich_text"),
                PropertySchema.of("Level", "select", "Easy", "Hard"), PropertySchema.of("When", "date")));
        NotionId source = database.dataSources().getFirst().id();
        for (String title : titles) {
            notion.createPage(source, Map.of("Topic", new PropertyValue.Title(title), "Generate", new PropertyValue.Checkbox(true)));
        }
        return database;
    }

    private static List<Page> rows(Database database) {
        return notion.queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
    }

    private static String text(Page row, String property) {
        return row.property(property).map(PropertyValue::asText).orElse("");
    }

    @Test
    void everyTickedRowGetsItsAnswerAndIsUnticked() {
        Database database = topics("Learning is fun", "Notion is best tool", "Social media is a boon");
        notion.updatePage(rows(database).get(1).id(), Map.of("Generate", new PropertyValue.Checkbox(false)));
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        List<DatabaseRunner.RowEvent> events = new ArrayList<>();
        DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Translate the topic to Japanese")),
                events::add, new AtomicBoolean());
        assertThat(summary.written()).isEqualTo(2);
        assertThat(summary.failed()).isEmpty();
        for (Page row : rows(database)) {
            boolean wasTicked = !row.title().equals("Notion is best tool");
            assertThat(text(row, "Content")).as(row.title()).isEqualTo(wasTicked ? text(row, "Content") : "");
            if (wasTicked) {
                assertThat(text(row, "Content")).contains("Demo engine (no AI)", "Topic: " + row.title(), "Translate the topic to Japanese");
                assertThat(text(row, "Generate")).isEqualTo("No");
                assertThat(text(row, "AI Status")).isEqualTo("Done");
            }
        }
        assertThat(events).filteredOn(e -> e instanceof DatabaseRunner.RowEvent.Written).hasSize(2);
    }

    @Test
    void twoHundredFiftyRowsAcrossPagesAreEachWrittenOnceWithOneUpdate() {
        String[] titles = new String[250];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "Topic " + i;
        }
        Database database = topics(titles);
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Summarise {{Topic}} in five words")),
                event -> { }, new AtomicBoolean());
        assertThat(summary.written()).isEqualTo(250);
        assertThat(summary.aiCalls()).isEqualTo(250);
        assertThat(rows(database)).allSatisfy(row -> {
            assertThat(text(row, "Content")).contains("\u201cSummarise " + row.title() + " in five words\u201d").doesNotContain("{{");
            assertThat(text(row, "Generate")).isEqualTo("No");
        });
    }

    @Test
    void failedRowsShowTheirReasonStayTickedAndARerunWritesOnlyThem() {
        Database database = topics("One", "Two");
        DatabaseJob job = DatabaseJob.of(database.url(), "Explain the topic");
        DatabaseRunner failing = new DatabaseRunner(notion, demo(1), RunLog.inMemory());
        DatabaseRunner.Summary first = failing.run(failing.plan(job), event -> { }, new AtomicBoolean());
        assertThat(first.written()).isZero();
        assertThat(first.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).contains("simulated failure"));
        assertThat(rows(database)).allSatisfy(row -> {
            assertThat(text(row, "Generate")).isEqualTo("Yes");
            assertThat(text(row, "AI Status")).isEqualTo("Failed");
            assertThat(text(row, "AI Error")).contains("simulated failure");
        });
        DatabaseRunner working = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        assertThat(working.run(working.plan(job), event -> { }, new AtomicBoolean()).written()).isEqualTo(2);
        assertThat(rows(database)).allSatisfy(row -> {
            assertThat(text(row, "AI Status")).isEqualTo("Done");
            assertThat(text(row, "AI Error")).isEmpty();
        });
    }

    @Test
    void storedAnswersAreWrittenWithoutASecondAiCallAndIdenticalPromptsAreGeneratedOnce() {
        Database database = topics("Same", "Same", "Other");
        RunLog log = RunLog.inMemory();
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), log);
        DatabaseRunner.Plan plan = runner.plan(DatabaseJob.of(database.url(), "Describe the topic"));
        Page other = rows(database).stream().filter(r -> r.title().equals("Other")).findFirst().orElseThrow();
        log.save(plan.runKey(), new RunLog.RowRecord(other.id().value(), RunLog.State.GENERATED, "p", "stored before the crash", 1, 1, null));
        DatabaseRunner.Summary summary = runner.run(plan, event -> { }, new AtomicBoolean());
        assertThat(summary.written()).isEqualTo(3);
        assertThat(summary.aiCalls()).isEqualTo(1);
        assertThat(text(notion.retrievePage(other.id()), "Content")).isEqualTo("stored before the crash");
    }

    @Test
    void anAnswerThatIsNoOptionOfASelectOutputFailsThatRowWithTheReason() {
        Database database = topics("Alpha");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        DatabaseJob job = DatabaseJob.of(database.url(), "Rate the topic").withOutputs(List.of("Level"));
        DatabaseRunner.Summary summary = runner.run(runner.plan(job), event -> { }, new AtomicBoolean());
        assertThat(summary.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("not an option of Level", "Easy, Hard"));
    }

    @Test
    void previewGeneratesTheFirstRowsAndWritesNothing() {
        Database database = topics("P1", "P2", "P3", "P4");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        List<DatabaseRunner.PreviewRow> preview = runner.preview(runner.plan(DatabaseJob.of(database.url(), "Say {{Topic}} twice")), 3);
        assertThat(preview).hasSize(3).allSatisfy(row -> {
            assertThat(row.prompt()).isEqualTo("Say " + row.title() + " twice");
            assertThat(row.answer()).contains(row.title());
        });
        assertThat(rows(database)).allSatisfy(row -> assertThat(text(row, "Content")).isEmpty());
    }

    @Test
    void wrongPropertiesAndLinksAreClearErrorsBeforeAnythingRuns() {
        Database database = topics("X");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        assertThatThrownBy(() -> runner.plan(DatabaseJob.of(database.url(), "x").withOutputs(List.of("When"))))
                .hasMessageContaining("\"When\" is a date property");
        assertThatThrownBy(() -> runner.plan(DatabaseJob.of(database.url(), "Use {{Missing}}")))
                .hasMessageContaining("{{Missing}}").hasMessageContaining("Topic, Generate");
        assertThatThrownBy(() -> runner.plan(new DatabaseJob(database.url(), "x", List.of(), List.of(), "Content", false, null, null, null, null, null, false)))
                .hasMessageContaining("not a checkbox");
        NotionId sample = fixture.samplePage();
        Database noCheckbox = notion.createDatabase(sample, "Plain", List.of(PropertySchema.of("Name", "title"), PropertySchema.of("Notes", "rich_text")));
        assertThatThrownBy(() -> runner.plan(DatabaseJob.of(noCheckbox.url(), "x"))).hasMessageContaining("no checkbox property");
        assertThatThrownBy(() -> runner.plan(DatabaseJob.of(notion.retrievePage(sample).url(), "x"))).hasMessageContaining("is a page, not a database");
    }

    @Test
    void writtenAndFailedEventsCarryRunningTotalsThatEndAtTheSummary() {
        Database database = topics("T1", "T2", "T3", "T4", "T5", "T6");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0.5), RunLog.inMemory());
        List<DatabaseRunner.Totals> totals = new ArrayList<>();
        DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Explain the topic")), event -> {
            if (event instanceof DatabaseRunner.RowEvent.Written w) {
                totals.add(w.totals());
            } else if (event instanceof DatabaseRunner.RowEvent.Failed f) {
                totals.add(f.totals());
            }
        }, new AtomicBoolean());
        assertThat(totals).hasSize(6);
        for (int i = 0; i < totals.size(); i++) {
            assertThat(totals.get(i).written() + totals.get(i).failed()).isEqualTo(i + 1);
        }
        assertThat(totals.getLast().written()).isEqualTo(summary.written());
        assertThat(totals.getLast().failed()).isEqualTo(summary.failed().size());
        assertThat(summary.cost().tokens()).isPositive();
        assertThat(summary.cost().estimatedDollars()).as("the demo engine costs nothing").isZero();
    }

    @Test
    void aCancelledRunStopsStartingRowsWritesWhatItStartedAndLeavesTheRestTicked() {
        String[] titles = new String[30];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "Row " + i;
        }
        Database database = topics(titles);
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        AtomicBoolean cancel = new AtomicBoolean();
        DatabaseJob job = new DatabaseJob(database.url(), "Explain the topic", List.of(), List.of(), null, false, null, 1, null, null, null, false);
        DatabaseRunner.Summary summary = runner.run(runner.plan(job), event -> {
            if (event instanceof DatabaseRunner.RowEvent.Written) {
                cancel.set(true);
            }
        }, cancel);
        assertThat(summary.stoppedBecause()).isEqualTo("cancelled");
        assertThat(summary.written()).isBetween(1, 5);
        assertThat(summary.failed()).isEmpty();
        long stillTicked = rows(database).stream().filter(row -> text(row, "Generate").equals("Yes")).count();
        long filled = rows(database).stream().filter(row -> !text(row, "Content").isEmpty()).count();
        assertThat(stillTicked).isEqualTo(30 - summary.written());
        assertThat(filled).as("every row that was started was written, none half-way").isEqualTo(summary.written());
    }

    @Test
    void onceTheFenceNoLongerHoldsNothingMoreIsWrittenAndTheRestStaysTicked() {
        Database database = topics("One", "Two", "Three", "Four", "Five", "Six");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(0), RunLog.inMemory());
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        DatabaseRunner.Summary summary = runner.run(runner.plan(new DatabaseJob(database.url(), "Summarise {{Topic}}", List.of(), List.of(), null,
                false, null, 1, null, null, null, false)), event -> { }, new AtomicBoolean(), () -> checks.incrementAndGet() <= 2);
        assertThat(summary.written()).isEqualTo(2);
        assertThat(summary.failed()).isEmpty();
        assertThat(summary.stoppedBecause()).contains("Another server took this run over");
        assertThat(rows(database).stream().filter(row -> text(row, "Generate").equals("Yes"))).hasSize(4);
        assertThat(rows(database).stream().filter(row -> !text(row, "Content").isEmpty())).hasSize(2);
    }
}
