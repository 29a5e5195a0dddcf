package io.wizzygen.store;

import io.wizzygen.testing.TestStores;
import io.wizzygen.runs.Run;
import io.wizzygen.runs.RunEvent;
import io.wizzygen.runs.RunSpec;
import io.wizzygen.runs.RunStatus;
import io.wizzygen.runs.RunStore;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs, their claim, lease and events on a real SQLite file and on the PostgreSQL that ./wizzygen test starts. */
class SqlRunStoreTest {

    static List<Named<Store>> stores() throws Exception {
        return TestStores.sqliteAndPostgresql("wizzygen-run-store");
    }

    private static Run queued(String connection) {
        return new Run(UUID.randomUUID().toString(), "ada", connection, Run.Kind.DATABASE, RunStatus.QUEUED,
                new RunSpec("https://www.notion.so/db", "Summarise {{Topic}}", Map.of("output", "Content")), 0, 0, 0, 0, null, null, 0,
                Instant.now(), null, null);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twentyClaimsAtOnceForOneConnectionMakeOneRunAndTheOthersJoinIt(Store store) throws Exception {
        RunStore runs = new SqlRunStore(store);
        String connection = UUID.randomUUID().toString();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                claims.add(pool.submit(() -> {
                    go.await();
                    return runs.claim(queued(connection), "connection:ada:" + connection);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<String> claim : claims) {
                ids.add(claim.get());
            }
            assertThat(ids).hasSize(1);
            assertThat(runs.find(ids.iterator().next())).get().extracting(Run::status).isEqualTo(RunStatus.QUEUED);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aFinishedRunFreesItsConnectionAndIsTheLatest(Store store) {
        RunStore runs = new SqlRunStore(store);
        String connection = UUID.randomUUID().toString();
        String first = runs.claim(queued(connection), "connection:ada:" + connection);
        RunStore.Lease lease = runs.take(first, "worker-a", Instant.now());
        assertThat(lease.resumed()).isFalse();
        assertThat(runs.finish(first, lease.epoch(), RunStatus.DONE, new RunStore.Counts(3, 0, 0, 30, "no cost"), "3 rows written",
                List.of(new RunEvent(lease.nextSeq(), "done", "{\"ok\":true}")), Instant.now())).isTrue();
        Run done = runs.find(first).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.DONE);
        assertThat(done.written()).isEqualTo(3);
        assertThat(done.message()).isEqualTo("3 rows written");
        assertThat(done.finishedAt()).isNotNull();

        Run next = queued(connection);
        assertThat(runs.claim(next, "connection:ada:" + connection)).as("the connection is free again").isEqualTo(next.id());
        assertThat(runs.latest("ada", connection)).get().extracting(Run::id).isEqualTo(next.id());
        assertThat(runs.latest("bob", connection)).as("another account's").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aWorkerWhoseRunWasTakenOverCanNeitherRecordNorFinishIt(Store store) {
        RunStore runs = new SqlRunStore(store);
        String connection = UUID.randomUUID().toString();
        String run = runs.claim(queued(connection), "connection:ada:" + connection);
        RunStore.Lease paused = runs.take(run, "worker-a", Instant.now());
        assertThat(runs.record(run, paused.epoch(), new RunStore.Counts(1, 0, 0, 10, null),
                List.of(new RunEvent(paused.nextSeq(), "row", "{\"state\":\"written\"}")))).isTrue();

        RunStore.Lease takeover = runs.take(run, "worker-b", Instant.now());
        assertThat(takeover.epoch()).isGreaterThan(paused.epoch());
        assertThat(takeover.resumed()).isTrue();
        assertThat(takeover.nextSeq()).as("numbering goes on where the first worker stopped").isEqualTo(paused.nextSeq() + 1);
        assertThat(runs.holds(run, paused.epoch())).isFalse();
        assertThat(runs.holds(run, takeover.epoch())).isTrue();
        assertThat(runs.record(run, paused.epoch(), new RunStore.Counts(9, 0, 0, 90, null),
                List.of(new RunEvent(paused.nextSeq() + 1, "row", "{\"state\":\"written\"}")))).isFalse();
        assertThat(runs.finish(run, paused.epoch(), RunStatus.DONE, RunStore.Counts.NONE, "late", List.of(new RunEvent(99, "done", "{}")),
                Instant.now())).isFalse();
        Run now = runs.find(run).orElseThrow();
        assertThat(now.written()).isEqualTo(1);
        assertThat(now.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(now.resumes()).isEqualTo(1);
        assertThat(runs.events(run, 0, 100)).extracting(RunEvent::seq).containsExactly(paused.nextSeq());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eventsComeInOrderAfterAGivenOneAndOldRowEventsCanBeForgotten(Store store) {
        RunStore runs = new SqlRunStore(store);
        String connection = UUID.randomUUID().toString();
        String run = runs.claim(queued(connection), "connection:ada:" + connection);
        RunStore.Lease lease = runs.take(run, "worker-a", Instant.now());
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent(1, "start", "{}"));
        for (int seq = 2; seq <= 40; seq++) {
            events.add(new RunEvent(seq, "row", "{\"n\":" + seq + "}"));
        }
        assertThat(runs.record(run, lease.epoch(), RunStore.Counts.NONE, events)).isTrue();
        assertThat(runs.events(run, 35, 100)).extracting(RunEvent::seq).containsExactly(36L, 37L, 38L, 39L, 40L);
        assertThat(runs.events(run, 0, 3)).extracting(RunEvent::name).containsExactly("start", "row", "row");
        runs.forgetRowEvents(run, 30);
        assertThat(runs.events(run, 0, 100)).extracting(RunEvent::seq).startsWith(1L, 30L).hasSize(12);
    }
}
