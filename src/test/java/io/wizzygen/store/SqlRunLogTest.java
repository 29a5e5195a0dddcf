package io.wizzygen.store;

import io.wizzygen.testing.TestStores;
import io.wizzygen.generation.RunLog;
import io.wizzygen.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run log on a real SQLite file and on the PostgreSQL server that ./wizzygen test starts. */
class SqlRunLogTest {

    private static void keepsRowsAcrossReopening(java.util.function.Supplier<Store> open) {
        String key = "run-" + UUID.randomUUID();
        RunLog first = new SqlRunLog(open.get());
        long asked = first.save(key, new RunLog.RowRecord("row-1", RunLog.State.GENERATED, "the prompt", "the answer", 10, 5, null));
        first.save(key, new RunLog.RowRecord("row-2", RunLog.State.FAILED, "p2", null, 0, 0, "reason"));
        long written = first.save(key, new RunLog.RowRecord("row-3", RunLog.State.GENERATED, "p3", "written answer", 1, 1, null));
        first.written(key, written);
        long unfit = first.save(key, new RunLog.RowRecord("row-4", RunLog.State.GENERATED, "p4", "an answer that did not fit", 1, 1, null));
        first.failed(key, unfit, "did not fit");
        first.save(key, new RunLog.RowRecord("row-5", RunLog.State.GENERATED, "p5", "the first answer", 1, 1, null));
        long second = first.save(key, new RunLog.RowRecord("row-5", RunLog.State.GENERATED, "p5", "the second answer", 1, 1, null));
        assertThat(second).isGreaterThan(asked);
        first.save(key, new RunLog.RowRecord("row-6", RunLog.State.FAILED, "p6", null, 0, 0, "stored with the marks before it"));

        RunLog reopened = new SqlRunLog(open.get());
        RunLog.RowRecord row = reopened.row(key, "row-1").orElseThrow();
        assertThat(row.state()).isEqualTo(RunLog.State.GENERATED);
        assertThat(row.prompt()).isEqualTo("the prompt");
        assertThat(row.output()).isEqualTo("the answer");
        assertThat(row.inputTokens()).isEqualTo(10);
        assertThat(reopened.row(key, "row-2").orElseThrow().error()).isEqualTo("reason");
        assertThat(reopened.row(key, "row-3").orElseThrow().state()).isEqualTo(RunLog.State.WRITTEN);
        assertThat(reopened.row(key, "row-4").orElseThrow()).extracting(RunLog.RowRecord::state, RunLog.RowRecord::error)
                .containsExactly(RunLog.State.FAILED, "did not fit");
        assertThat(reopened.row(key, "row-7")).isEmpty();
        assertThat(reopened.row("other-run", "row-1")).isEmpty();
        assertThat(reopened.output(key, asked)).contains("the answer");

        // what a resumed run reuses: each row's latest record, when it is an answer not yet written
        Map<String, RunLog.Saved> unwritten = reopened.unwritten(key);
        assertThat(unwritten).containsOnlyKeys("row-1", "row-5");
        assertThat(unwritten.get("row-1").id()).isEqualTo(asked);
        assertThat(unwritten.get("row-5").record().output()).isEqualTo("the second answer");
        assertThat(reopened.unwritten("other-run")).isEmpty();
    }

    @Test
    void sqliteKeepsEachRowsStateAndAnswer(@TempDir Path folder) {
        keepsRowsAcrossReopening(() -> Store.sqlite(folder));
    }

    @Test
    void postgresqlKeepsEachRowsStateAndAnswer() {
        keepsRowsAcrossReopening(TestStores::postgresqlOrSkip);
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
            savers.add(saver(log, key, "row-0"));
            Waits.until("the first commit waiting for the lock", Duration.ofSeconds(10), log::committing, waiting -> waiting);
            for (int i = 1; i < rows; i++) {
                savers.add(saver(log, key, "row-" + i));
            }
            Waits.until("the other records queued", Duration.ofSeconds(10), log::queued, queued -> queued == rows - 1);
            assertThat(savers).allMatch(Thread::isAlive); // nobody returned before their record was stored
            writer.createStatement().execute("COMMIT");
        }
        for (Thread saver : savers) {
            saver.join();
        }
        assertThat(log.commits()).isEqualTo(2);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"));
             ResultSet count = reader.createStatement().executeQuery("SELECT COUNT(*) FROM run_records WHERE run_key = '" + key + "'")) {
            assertThat(count.getInt(1)).isEqualTo(rows);
        }
    }

    @Test
    void recordsArrivingMillisecondsApartShareTransactions(@TempDir Path folder) throws Exception {
        SqlRunLog log = new SqlRunLog(Store.sqlite(folder));
        String key = "run-" + UUID.randomUUID();
        List<Thread> savers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            savers.add(saver(log, key, "row-" + i));
            java.util.concurrent.locks.LockSupport.parkNanos(4_000_000); // the pace of a pipeline's answers, not a wait
        }
        for (Thread saver : savers) {
            saver.join();
        }
        assertThat(log.commits()).as("40 records saved 4 ms apart").isLessThanOrEqualTo(20);
        assertThat(log.unwritten(key)).hasSize(40);
    }

    private static Thread saver(RunLog log, String key, String row) {
        return Thread.ofVirtual().start(() -> log.save(key, new RunLog.RowRecord(row, RunLog.State.GENERATED, "p", "answer " + row, 1, 1, null)));
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
    void aWrittenMarkReturnsAtOnceAndIsStoredNoLaterThanTheNextSave(@TempDir Path folder) throws Exception {
        Store store = Store.sqlite(folder);
        SqlRunLog log = new SqlRunLog(store);
        String key = "run-" + UUID.randomUUID();
        long id = log.save(key, new RunLog.RowRecord("written", RunLog.State.GENERATED, "p", "a", 0, 0, null));
        Thread saver;
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"))) {
            writer.createStatement().execute("BEGIN IMMEDIATE");
            log.written(key, id); // returns while the database is locked
            saver = Thread.ofVirtual().start(() -> log.save(key, new RunLog.RowRecord("generated", RunLog.State.GENERATED, "p", "b", 0, 0, null)));
            writer.createStatement().execute("COMMIT");
        }
        saver.join();
        assertThat(log.row(key, "written")).get().extracting(RunLog.RowRecord::state).isEqualTo(RunLog.State.WRITTEN);
        assertThat(log.unwritten(key)).containsOnlyKeys("generated");
    }

    @Test
    void answersStoredBeforeTheRunLogKeptRecordsAreStillReused(@TempDir Path folder) throws Exception {
        // an earlier version's database: migrated up to V9 (run_rows keyed by row), holding an answer not yet written
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + folder.resolve("wizzygen.db"), null, null)
                .locations("classpath:db/migration").target("9").load().migrate();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("wizzygen.db"))) {
            old.createStatement().execute("INSERT INTO run_rows (run_key, row_id, state, prompt, output, input_tokens, output_tokens, updated_at)"
                    + " VALUES ('k', 'row-1', 'GENERATED', 'p', 'kept across the upgrade', 3, 4, '2026-11-01T00:00:00Z'),"
                    + " ('k', 'row-2', 'WRITTEN', 'p', 'written before', 3, 4, '2026-11-01T00:00:01Z')");
        }
        RunLog log = new SqlRunLog(Store.sqlite(folder));
        assertThat(log.unwritten("k")).containsOnlyKeys("row-1");
        assertThat(log.unwritten("k").get("row-1").record().output()).isEqualTo("kept across the upgrade");
        long now = log.save("k", new RunLog.RowRecord("row-1", RunLog.State.GENERATED, "p", "asked again", 0, 0, null));
        assertThat(log.unwritten("k").get("row-1").id()).as("a record made now comes after the ones carried over").isEqualTo(now);
    }
}
