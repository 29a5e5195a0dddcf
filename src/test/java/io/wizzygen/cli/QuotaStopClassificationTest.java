package io.wizzygen.cli;

import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.Fence;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.generation.RunLog;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.runs.Flows;
import io.wizzygen.runs.Outcome;
import io.wizzygen.runs.Progress;
import io.wizzygen.runs.RunStatus;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run stopped by the plan's quota is classified by the runs room once, and the command line words it from that
 * classification as the app does: the rows the stop never reached are "not reached" (still ticked), not failures.
 */
@ExtendWith(SharedSandbox.class)
class QuotaStopClassificationTest {

    @Test
    void rowsAQuotaStopNeverReachedAreNotReachedInTheOutcomeAndInTheCommandLinesLines(SandboxFixture fixture) {
        Database database = fixture.notion().createDatabase(fixture.samplePage(), "Quota rows", List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        for (int i = 1; i <= 6; i++) {
            fixture.notion().createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        AtomicInteger left = new AtomicInteger(3);
        MeteredEngine engine = new MeteredEngine(Engines.create(EngineSettings.forKind(EngineKind.DEMO).build()), new MeteredEngine.Allowance() {
            public Optional<String> hold() {
                return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Optional.of(UUID.randomUUID().toString()) : Optional.empty();
            }

            public void giveBack(String hold) {
                left.incrementAndGet();
            }

            public void settle(String hold, EngineKind kind, AiResult result) {
            }

            public String usedUpMessage() {
                return "All 3 prompts are used: upgrade to go on.";
            }
        });
        DatabaseRunner runner = new DatabaseRunner(fixture.notion(), engine, RunLog.inMemory());
        DatabaseRunner.Plan plan = runner.plan(new DatabaseJob(database.url(), "Summarise {{Topic}}", List.of(), List.of(), null, false, null, 1,
                null, null, null, false));
        List<Progress.Row> rows = new ArrayList<>();
        Outcome outcome = Flows.database(runner, plan, engine.label(), engine::usedUp, progress -> {
            if (progress instanceof Progress.Row row && row.totals() != null) {
                rows.add(row);
            }
        }, new AtomicBoolean(), Fence.NONE);

        assertThat(outcome.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcome.written()).isEqualTo(3);
        assertThat(outcome.failed()).isZero();
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.notReached()).isBetween(1, 3);
        assertThat(outcome.upgrade()).isTrue();
        assertThat(outcome.message()).contains("3 rows written, 0 failed, " + outcome.notReached() + " not reached")
                .contains("All 3 prompts are used").doesNotContain("Retry failed");
        List<String> lines = rows.stream().map(DatabaseCommand::line).toList();
        assertThat(lines).filteredOn(line -> line.contains("not reached, still ticked")).hasSize(outcome.notReached());
        assertThat(lines).noneMatch(line -> line.startsWith("  ✗"));
    }
}
