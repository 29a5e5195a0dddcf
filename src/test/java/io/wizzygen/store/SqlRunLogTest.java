package io.wizzygen.store;

import io.wizzygen.generation.RunLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void recordsSavedWhileACommitWaitsShareTheNextTransactionAndEachSaveReturnsOnceStored(@TempDir Path folder) throws Exception {
        Store store = Store.sqlite(folder);
        SqlRunLog log = new SqlRunLog(store);
        String key = "run-" + UUID.randomUUID();
        int rows = 40;
        List<Thread> savers = new ArrayList<>();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"))) {
            writer.createStatement().execute("BEGIN IMMEDIATE"); // holds the write lock: the committer's first transaction waits
            for (int i = 0; i < rows; i++) {
                String row = "row-" + i;
                savers.add(Thread.ofVirtual().start(() -> log.save(key, new RunLog.RowRecord(row, RunLog.State.GENERATED, "p", "answer " + row, 1, 1, null))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.queued() < rows - 1 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(savers).allMatch(Thread::isAlive); // nobody returned before their record was stored
            writer.createStatement().execute("COMMIT");
        }
        for (Thread saver : savers) {
            saver.join();
        }
        assertThat(log.commits()).isEqualTo(2);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"));
             ResultSet count = reader.createStatement().executeQuery("SELECT COUNT(*) FROM run_rows WHERE run_key = '" + key + "'")) {
            assertThat(count.getInt(1)).isEqualTo(rows);
        }
    }

    @Test
    void aSaveThatCannotBeStoredFailsItsCallerAndLaterSavesGoOn(@TempDir Path folder) {
        SqlRunLog log = new SqlRunLog(Store.sqlite(folder));
        assertThatThrownBy(() -> log.save("run", new RunLog.RowRecord(null, RunLog.State.GENERATED, "p", "a", 0, 0, null)))
                .isInstanceOf(RuntimeException.class);
        log.save("run", new RunLog.RowRecord("row-1", RunLog.State.GENERATED, "p", "a", 0, 0, null));
        assertThat(log.row("run", "row-1")).isPresent();
    }

    @Test
    void aRecordSavedWithoutWaitingReturnsAtOnceAndIsStoredNoLaterThanTheNextSave(@TempDir Path folder) throws Exception {
        Store store = Store.sqlite(folder);
        SqlRunLog log = new SqlRunLog(store);
        String key = "run-" + UUID.randomUUID();
        Thread saver;
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"))) {
            writer.createStatement().execute("BEGIN IMMEDIATE");
            log.saveWithoutWaiting(key, new RunLog.RowRecord("written", RunLog.State.WRITTEN, "p", "a", 0, 0, null)); // returns while the database is locked
            saver = Thread.ofVirtual().start(() -> log.save(key, new RunLog.RowRecord("generated", RunLog.State.GENERATED, "p", "b", 0, 0, null)));
            writer.createStatement().execute("COMMIT");
        }
        saver.join();
        assertThat(log.row(key, "written")).get().extracting(RunLog.RowRecord::state).isEqualTo(RunLog.State.WRITTEN);
    }
}
