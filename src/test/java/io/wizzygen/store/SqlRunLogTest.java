package io.wizzygen.store;

import io.wizzygen.generation.RunLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run log on a real SQLite file and on the PostgreSQL server that ./wizzygen test starts. */
class SqlRunLogTest {

    private static void keepsRowsAcrossReopening(java.util.function.Supplier<Store> open) {
        String key = "run-" + UUID.randomUUID();
        RunLog first = new SqlRunLog(open.get());
        first.save(key, new RunLog.RowRecord("row-1", RunLog.State.QUEUED, "the prompt", null, 0, 0, null));
        first.save(key, new RunLog.RowRecord("row-1", RunLog.State.GENERATED, null, "the answer", 10, 5, null));
        first.save(key, new RunLog.RowRecord("row-2", RunLog.State.FAILED, "p2", null, 0, 0, "reason"));

        RunLog reopened = new SqlRunLog(open.get());
        RunLog.RowRecord row = reopened.row(key, "row-1").orElseThrow();
        assertThat(row.state()).isEqualTo(RunLog.State.GENERATED);
        assertThat(row.prompt()).isEqualTo("the prompt");
        assertThat(row.output()).isEqualTo("the answer");
        assertThat(row.inputTokens()).isEqualTo(10);
        assertThat(reopened.row(key, "row-2").orElseThrow().error()).isEqualTo("reason");
        assertThat(reopened.row(key, "row-3")).isEmpty();
        assertThat(reopened.row("other-run", "row-1")).isEmpty();
    }

    @Test
    void sqliteKeepsEachRowsStateAndAnswer(@TempDir Path folder) {
        keepsRowsAcrossReopening(() -> Store.sqlite(folder));
    }

    @Test
    void postgresqlKeepsEachRowsStateAndAnswer() {
        String url = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL is started by ./wizzygen test");
        keepsRowsAcrossReopening(() -> Store.postgresql(url));
    }

    @Test
    void eachOwnerSeesOnlyItsOwnRowsUnderTheSameRunKey(@TempDir Path folder) {
        RunLog log = new SqlRunLog(Store.sqlite(folder));
        RunLog ada = log.scopedTo("ada");
        RunLog bob = log.scopedTo("bob");
        ada.save("same-run", new RunLog.RowRecord("row-1", RunLog.State.GENERATED, "p", "Ada's answer", 1, 1, null));
        assertThat(ada.row("same-run", "row-1")).get().extracting(RunLog.RowRecord::output).isEqualTo("Ada's answer");
        assertThat(bob.row("same-run", "row-1")).isEmpty();
        assertThat(log.row("same-run", "row-1")).isEmpty();
    }
}
