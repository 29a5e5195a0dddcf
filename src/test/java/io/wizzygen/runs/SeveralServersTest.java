package io.wizzygen.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;
import io.wizzygen.testing.ServerProcess;
import io.wizzygen.testing.Waits;
import io.wizzygen.store.SecretBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one PostgreSQL: a run started on one moves to the other when its server dies (SIGKILL) or is paused
 * past its lease (SIGSTOP … SIGCONT) — resumed from the run log, each row written by exactly one server, once; a paused
 * server that wakes up writes nothing more. Progress is read from the other server all along.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralServersTest {

    private static final int ROWS = 45;
    private static final String MASTER_KEY = "several-servers-master-key";

    private static String database;
    private static SandboxServer sandbox;
    private static NotionClient client;
    private static TwoNodes nodes;

    @BeforeAll
    static void start(@TempDir Path folder) throws IOException {
        database = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        if (database == null || database.isBlank()) {
            Assumptions.assumeFalse("true".equals(System.getenv("CI")), "CI runs this on PostgreSQL: use ./wizzygen test");
            Assumptions.abort("needs the PostgreSQL that ./wizzygen test starts");
        }
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
        client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        nodes = new TwoNodes(folder);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nodes != null) {
            nodes.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(2) // the last: server A stays dead
    void aRunOfAServerKilledMidwayIsFinishedByTheOtherWithEveryRowWrittenOnce() throws Exception {
        Topics topics = Topics.create(client, ROWS);
        topics.tickAll();
        String run = nodes.onA.generate(nodes.onA.createConnection("Two servers", topics.url()), "{{Topic}} of " + topics.database().id());
        Waits.until("a third written, seen from the other server", Duration.ofSeconds(60), () -> nodes.onB.run(run),
                r -> r.path("written").asInt() >= ROWS / 3);
        nodes.a.kill();
        int byA = writes(nodes.notionA, topics);
        int storedAtKill = storedAnswers(topics);
        int callsAtKill = nodes.ai.calls();
        JsonNode finished = Waits.until("the other server finishing the run", Duration.ofSeconds(120), () -> nodes.onB.run(run),
                r -> r.path("finished").asBoolean());

        assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
        assertThat(finished.path("resumes").asInt()).isEqualTo(1);
        assertThat(byA).isBetween(ROWS / 3, ROWS - 1);
        assertThat(writes(nodes.notionB, topics)).as("rows written by the second server").isEqualTo(ROWS - byA);
        assertEachRowWrittenOnce(topics, nodes.notionA, nodes.notionB);
        // Calls in flight at the kill (the engine keeps up to 4) may be asked again; an answer stored never is.
        assertThat(nodes.ai.calls() - callsAtKill).as("AI calls after the kill: one per row without a stored answer")
                .isEqualTo(ROWS - storedAtKill);
    }

    @Test
    @Order(1)
    void aServerPausedPastItsLeaseWritesNothingOnceTheOtherHasTakenItsRun() throws Exception {
        Topics topics = Topics.create(client, ROWS);
        topics.tickAll();
        String run = nodes.onA.generate(nodes.onA.createConnection("Paused server", topics.url()), "{{Topic}} of " + topics.database().id());
        Waits.until("a third written", Duration.ofSeconds(60), () -> nodes.onB.run(run), r -> r.path("written").asInt() >= ROWS / 3);

        nodes.a.pause();
        Waits.until("the other server taking the run", Duration.ofSeconds(60), () -> writes(nodes.notionB, topics), written -> written > 0);
        int byAWhenTaken = writes(nodes.notionA, topics);
        nodes.a.resume();
        JsonNode finished = Waits.until("the run finished", Duration.ofSeconds(120), () -> nodes.onB.run(run),
                r -> r.path("finished").asBoolean());
        Waits.until("the woken server's run gives up", Duration.ofSeconds(30), () -> nodes.a.log().contains("was taken over by another server")
                || writes(nodes.notionA, topics) > byAWhenTaken, seen -> seen);

        assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
        assertThat(writes(nodes.notionA, topics)).as("writes of the woken server after its run was taken").isEqualTo(byAWhenTaken);
        assertEachRowWrittenOnce(topics, nodes.notionA, nodes.notionB);
    }

    // ---------------------------------------------------------------- the two servers

    /** Servers A and B on the test's PostgreSQL, each reaching the sandbox through its own counting proxy, and the AI they share. */
    private static final class TwoNodes implements AutoCloseable {
        final CountingAi ai = new CountingAi(Duration.ofMillis(300));
        final CountingProxy notionA = new CountingProxy(sandbox.baseUrl());
        final CountingProxy notionB = new CountingProxy(sandbox.baseUrl());
        final ServerProcess a;
        final ServerProcess b;
        final RunRestartTest.Web onA;
        final RunRestartTest.Web onB;

        TwoNodes(Path folder) throws IOException {
            Topics.saveOwnerSettings(client, sandbox.token(), Store.postgresql(database), SecretBox.open(null, MASTER_KEY), ai);
            a = node(folder, "a", notionA);
            b = node(folder, "b", notionB);
            onA = new RunRestartTest.Web(a.url());
            onB = new RunRestartTest.Web(b.url());
        }

        private static ServerProcess node(Path folder, String name, CountingProxy notion) throws IOException {
            Map<String, String> environment = Map.of("WIZZYGEN_MASTER_KEY", MASTER_KEY, "NOTION_API_BASE_URL", notion.baseUrl(),
                    "XDG_CONFIG_HOME", folder.resolve("config").toString());
            // Twice Notion's pace (the sandbox here has no limit): a run's thirds come sooner, the takeovers are what is timed.
            return ServerProcess.start(folder.resolve(name + ".log"), environment, "--data", folder.resolve(name).toString(), "--database", database,
                    "--notion-rate", "6");
        }

        @Override
        public void close() throws InterruptedException {
            a.close();
            b.close();
            notionA.close();
            notionB.close();
            ai.close();
        }
    }

    private static int storedAnswers(Topics topics) {
        return RunRestartTest.storedAnswers(Store.postgresql(database), topics);
    }

    private static int writes(CountingProxy notion, Topics topics) {
        return topics.updates(notion).values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void assertEachRowWrittenOnce(Topics topics, CountingProxy... servers) {
        Map<String, Integer> total = new HashMap<>();
        for (CountingProxy server : servers) {
            topics.updates(server).forEach((row, count) -> total.merge(row, count, Integer::sum));
        }
        assertThat(total).hasSize(ROWS).allSatisfy((row, count) -> assertThat(count).as("updates of row " + row).isEqualTo(1));
        assertThat(topics.written()).isEqualTo(ROWS);
    }
}
