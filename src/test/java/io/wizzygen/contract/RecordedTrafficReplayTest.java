package io.wizzygen.contract;

import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox answers as api.notion.com does: every recorded interaction of ../shared/notion/recorded is replayed
 * against a sandbox and its answer compared structurally with Notion's (see {@link Structure}, {@link Replay}).
 * Prints M/N interactions matching, every difference, and what could not be replayed and why.
 */
class RecordedTrafficReplayTest {

    /** The share of replayable interactions that must match (issue #14). */
    private static final double TARGET = 0.95;

    @Test
    void atLeast95PercentOfTheRecordedInteractionsAreAnsweredAsNotionDid() {
        List<Replay.Outcome> outcomes = new ArrayList<>();
        try (SandboxServer limited = SandboxServer.start(SandboxOptions.defaults().withRateLimit(1))) {
            Replay replay = new Replay(limited, Recordings.all());
            Recordings.all().forEach(recording -> outcomes.addAll(replay.run(recording)));
        }
        List<Replay.Outcome> replayed = outcomes.stream().filter(Replay.Outcome::replayed).toList();
        long matching = replayed.stream().filter(Replay.Outcome::matches).count();
        StringBuilder report = new StringBuilder();
        report.append(matching).append('/').append(replayed.size()).append(" recorded interactions match the sandbox's answers (")
                .append(outcomes.size() - replayed.size()).append(" of ").append(outcomes.size()).append(" not replayable)\n");
        for (Replay.Outcome outcome : outcomes) {
            if (!outcome.replayed()) {
                report.append("  not replayable: ").append(outcome.interaction().describe()).append(": ").append(outcome.notReplayable()).append('\n');
            } else if (!outcome.matches()) {
                report.append("  differs: ").append(outcome.interaction().describe()).append('\n');
                outcome.differences().forEach(d -> report.append("      ").append(d).append('\n'));
            }
        }
        System.out.println(report);
        assertThat(replayed).as("replayable interactions").hasSizeGreaterThan(outcomes.size() * 9 / 10);
        assertThat((double) matching / replayed.size()).as(report.toString()).isGreaterThanOrEqualTo(TARGET);
    }
}
