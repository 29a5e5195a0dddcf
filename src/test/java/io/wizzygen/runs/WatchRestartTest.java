package io.wizzygen.runs;

import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import io.wizzygen.testing.ServerProcess;
import io.wizzygen.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch survives its server: {@code serve} killed (SIGKILL) while the watch's run writes its stored answers, rows
 * ticked while it is dead, the server started again — the run resumes, the watch goes on polling by itself and finds the rows ticked
 * meanwhile; with two servers on one PostgreSQL, the other server polls a killed server's watch. Every row is written
 * exactly once, none asked of the AI twice.
 */
@ExtendWith(SharedSandbox.class)
class WatchRestartTest {

    private static final String MASTER_KEY = "watch-restart-test-key";
    private static final int BEFORE = 24;
    private static final int WHILE_DEAD = 12;

    private static SandboxServer sandbox;
    private static CountingProxy notion;
    private static NotionClient client;

    @BeforeAll
    static void start(SandboxFixture shared) throws IOException {
        // The sandbox takes the test's own set-up at any pace; the server's client keeps to Notion's 3 requests/s itself.
        sandbox = shared.server();
        client = shared.notion();
        notion = new CountingProxy(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        notion.close();
    }

    @Test
    void aWatchKilledMidRunGoesOnAfterTheRestartWithNothingLostAndNothingDoubled(@TempDir Path folder) throws Exception {
        Topics topics = Topics.create(client, BEFORE + WHILE_DEAD);
        List<Page> rows = topics.rows();
        Path data = folder.resolve("data");
        try (CountingAi ai = new CountingAi(Duration.ofMillis(300));
             ServerProcess server = ServerProcess.start(folder.resolve("server.log"), Map.of("WIZZYGEN_MASTER_KEY", MASTER_KEY,
                     "XDG_CONFIG_HOME", folder.resolve("config").toString(), "NOTION_API_BASE_URL", notion.baseUrl()), "--data", data.toString(), "--notion-rate", "6")) {
            {
                Store store = Store.sqlite(data);
                Topics.saveOwnerSettings(client, sandbox.token(), store, SecretBox.open(data, MASTER_KEY), ai);
            }
            rows.subList(0, BEFORE).forEach(topics::tick);
            RunRestartTest.Web web = new RunRestartTest.Web(server.url());
            String connection = web.createConnection("Watched restart", topics.url());
            HttpResponse<String> on = web.post("/connections/" + connection + "/keep-running", Map.of("prompt", "{{Topic}}", "output", "Content",
                    "checkbox", "Generate", "every", "5"));
            assertThat(on.statusCode()).as(on.body()).isEqualTo(303);

            // Killed while the run writes, every answer stored: no AI call is in flight to be lost with the process.
            Waits.until("the watch's run writing its stored answers", Duration.ofSeconds(60), () -> List.of(storedAnswers(data), topics.written()),
                    seen -> seen.get(0) == BEFORE && seen.get(1) >= 4);
            server.kill();
            assertThat(topics.written()).as("killed mid-run").isLessThan(BEFORE);
            rows.subList(BEFORE, BEFORE + WHILE_DEAD).forEach(topics::tick);

            server.restart();
            Waits.until("every row written after the restart", Duration.ofSeconds(120), topics::written, n -> n == BEFORE + WHILE_DEAD);

            Map<String, Integer> updates = topics.updates(notion);
            assertThat(topics.rows()).allSatisfy(row -> {
                assertThat(updates.get(Topics.compact(row))).as(row.title() + " written exactly once").isEqualTo(1);
                assertThat(row.property("Generate").map(PropertyValue::asText)).hasValue("No");
            });
            assertThat(ai.mostCallsForOnePrompt()).as("no stored answer asked for again").isEqualTo(1);
            assertThat(ai.calls()).isEqualTo(BEFORE + WHILE_DEAD);
            {
                Store store = Store.sqlite(data);
                String stopped = store.jdbi().withHandle(h -> h.createQuery("SELECT stop_reason FROM watches WHERE connection_id = :id")
                        .bind("id", connection).mapTo(String.class).one());
                assertThat(stopped).as("still keeping running").isNull();
            }
        }
    }

    @Test
    void aWatchOfAServerKilledIsPolledByTheOtherServerOnOnePostgreSQL(@TempDir Path folder) throws Exception {
        String database = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        if (database == null || database.isBlank()) {
            Assumptions.assumeFalse("true".equals(System.getenv("CI")), "CI runs this on PostgreSQL: use ./wizzygen test");
            Assumptions.abort("needs the PostgreSQL that ./wizzygen test starts");
        }
        Topics topics = Topics.create(client, 16);
        List<Page> rows = topics.rows();
        try (CountingAi ai = new CountingAi(Duration.ofMillis(300)); CountingProxy notionA = new CountingProxy(sandbox.baseUrl());
             CountingProxy notionB = new CountingProxy(sandbox.baseUrl());
             ServerProcess a = node(folder, "a", notionA, database); ServerProcess b = node(folder, "b", notionB, database)) {
            {
                Store store = Store.postgresql(database);
                Topics.saveOwnerSettings(client, sandbox.token(), store, SecretBox.open(null, MASTER_KEY), ai);
            }
            RunRestartTest.Web onA = new RunRestartTest.Web(a.url());
            String connection = onA.createConnection("Watched by two", topics.url());
            HttpResponse<String> on = onA.post("/connections/" + connection + "/keep-running", Map.of("prompt", "{{Topic}}", "output", "Content",
                    "checkbox", "Generate", "every", "5"));
            assertThat(on.statusCode()).as(on.body()).isEqualTo(303);
            try {
                rows.subList(0, 8).forEach(topics::tick);
                Waits.until("the first rows written", Duration.ofSeconds(60), topics::written, n -> n == 8);
                a.kill();
                rows.subList(8, 16).forEach(topics::tick);
                Waits.until("the rows ticked after the kill written by the other server", Duration.ofSeconds(120), topics::written, n -> n == 16);

                Map<String, Integer> byA = topics.updates(notionA);
                Map<String, Integer> byB = topics.updates(notionB);
                assertThat(rows.subList(8, 16)).allSatisfy(row -> assertThat(byB.get(Topics.compact(row))).as(row.title()).isEqualTo(1));
                assertThat(topics.rows()).allSatisfy(row -> assertThat(byA.get(Topics.compact(row)) + byB.get(Topics.compact(row)))
                        .as(row.title() + " written exactly once").isEqualTo(1));
                assertThat(ai.mostCallsForOnePrompt()).isEqualTo(1);
            } finally {
                new RunRestartTest.Web(b.url()).post("/connections/" + connection + "/keep-running/off", Map.of()); // nothing left polling
            }
        }
    }

    private static int storedAnswers(Path data) {
        Store store = Store.sqlite(data);
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM run_records WHERE output IS NOT NULL").mapTo(Integer.class).one());
    }

    private static ServerProcess node(Path folder, String name, CountingProxy notion, String database) throws IOException {
        return ServerProcess.start(folder.resolve(name + ".log"), Map.of("WIZZYGEN_MASTER_KEY", MASTER_KEY, "NOTION_API_BASE_URL", notion.baseUrl(),
                "XDG_CONFIG_HOME", folder.resolve("config").toString()), "--data", folder.resolve(name).toString(), "--database", database,
                "--notion-rate", "6");
    }
}
