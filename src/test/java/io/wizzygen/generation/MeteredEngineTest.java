package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.ai.StructuredFakes;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedSandbox.class)
class MeteredEngineTest {

    private static SandboxFixture fixture;
    private static NotionClient notion;

    @BeforeAll
    static void start(SandboxFixture shared) {
        fixture = shared;
        notion = fixture.notion();
    }


    /** An allowance of {@code prompts}, counted like the accounts' quota (atomically). */
    private static final class Counted implements MeteredEngine.Allowance {
        final AtomicInteger left;
        final AtomicInteger recorded = new AtomicInteger();
        final List<AiResult> settled = new java.util.concurrent.CopyOnWriteArrayList<>();

        Counted(int prompts) {
            left = new AtomicInteger(prompts);
        }

        public java.util.Optional<String> hold() {
            return left.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0 ? java.util.Optional.of(java.util.UUID.randomUUID().toString())
                    : java.util.Optional.empty();
        }

        public void giveBack(String hold) {
            left.incrementAndGet();
        }

        public void settle(String hold, EngineKind engine, AiResult result) {
            recorded.incrementAndGet();
            settled.add(result);
        }

        public String usedUpMessage() {
            return "All prompts are used; upgrade to go on.";
        }
    }

    private static AiEngine demo(double failureRate) {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(0).demoFailureRate(failureRate).maxTries(1).build());
    }

    @Test
    void aRunThatReachesTheLimitStopsCleanlyAndTheUnwrittenRowsStayTicked() {
        Database database = notion.createDatabase(fixture.samplePage(), "Quota " + System.nanoTime(),
                List.of(PropertySchema.of("Topic", "title"), PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        for (int i = 1; i <= 20; i++) {
            notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        Counted allowance = new Counted(10);
        MeteredEngine engine = new MeteredEngine(demo(0), allowance);
        DatabaseRunner runner = new DatabaseRunner(notion, engine, RunLog.inMemory());
        DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Summarise {{Topic}}")), event -> { }, new AtomicBoolean());

        assertThat(summary.written()).isEqualTo(10);
        assertThat(summary.failed()).as("rows the stop never reached are not failures").isEmpty();
        assertThat(summary.stoppedBecause()).isEqualTo("All prompts are used; upgrade to go on.");
        assertThat(engine.usedUp()).isTrue();
        assertThat(allowance.recorded.get()).isEqualTo(10);
        List<Page> rows = notion.queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
        assertThat(rows.stream().filter(row -> row.property("Generate").map(PropertyValue::asText).orElse("").equals("Yes"))).hasSize(10);
        assertThat(rows.stream().filter(row -> !row.property("Content").map(PropertyValue::asText).orElse("").isEmpty())).hasSize(10);
    }

    @Test
    void aFailedCallGivesItsPromptBack() {
        Counted allowance = new Counted(1);
        MeteredEngine engine = new MeteredEngine(demo(1.0), allowance);
        assertThatThrownBy(() -> engine.generate(AiRequest.of("hello"))).isInstanceOf(AiException.class);
        assertThat(allowance.left.get()).isEqualTo(1);
        assertThat(allowance.recorded.get()).isZero();
        MeteredEngine working = new MeteredEngine(demo(0), allowance);
        assertThat(working.generate(AiRequest.of("hello")).text()).isNotBlank();
        assertThatThrownBy(() -> working.generate(AiRequest.of("again"))).isInstanceOf(AiException.class)
                .extracting(e -> ((AiException) e).kind()).isEqualTo(AiException.Kind.STOP);
    }

    @Test
    void aRowWhoseAnswerIsRepairedHoldsOnePromptAndRecordsTheTokensOfBothCalls() {
        Database database = notion.createDatabase(fixture.samplePage(), "Repaired " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Summary", "rich_text"),
                PropertySchema.of("Sentiment", "select", "Positive", "Negative")));
        notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Tea"),
                "Generate", new PropertyValue.Checkbox(true)));
        Counted allowance = new Counted(5);
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.OPENAI, "Not JSON at all.",
                "{\"Summary\":\"Warm.\",\"Sentiment\":\"Positive\"}")) {
            MeteredEngine engine = new MeteredEngine(fake.engine(), allowance);
            DatabaseRunner runner = new DatabaseRunner(notion, engine, RunLog.inMemory());
            DatabaseRunner.Summary summary = runner.run(runner.plan(DatabaseJob.of(database.url(), "Describe {{Topic}}")
                    .withOutputs(List.of("Summary", "Sentiment"))), event -> { }, new AtomicBoolean());

            assertThat(summary.written()).isEqualTo(1);
            assertThat(summary.aiCalls()).isEqualTo(2);
            assertThat(allowance.left.get()).as("the repair took no second prompt").isEqualTo(4);
            assertThat(allowance.settled).singleElement().satisfies(result ->
                    assertThat(result.usage()).isEqualTo(new AiResult.Usage(200, 40, 240)));
        }
    }

    @Test
    void callsMadeAsOnePromptThatAllFailGiveThePromptBack() {
        Counted allowance = new Counted(1);
        MeteredEngine engine = new MeteredEngine(demo(1.0), allowance);
        assertThatThrownBy(() -> MeteredEngine.asOnePrompt(engine, inner -> inner.generate(AiRequest.of("hello"))))
                .isInstanceOf(AiException.class);
        assertThat(allowance.left.get()).isEqualTo(1);
        assertThat(allowance.settled).isEmpty();
    }
}
