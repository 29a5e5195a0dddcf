package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiException;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
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
}
