package io.wizzygen.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.accounts.Accounts;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;
import io.wizzygen.testing.ServerProcess;
import io.wizzygen.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one PostgreSQL: a run started on one moves to the other when its server dies (SIGKILL) or is paused
 * past its lease (SIGSTOP … SIGCONT) — resumed from the run log, each row written by exactly one server, once; a paused
 * server that wakes up writes nothing more. Progress is read from the other server all along.
 */
class SeveralServersTest {

    private static final int ROWS = 45;
    private static final String MASTER_KEY = "several-servers-master-key";

    private static String database;
    private static SandboxServer sandbox;
    private static NotionClient client;

    @BeforeAll
    static void start() {
        database = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        if (database == null || database.isBlank()) {
            Assumptions.assumeFalse("true".equals(System.getenv("CI")), "CI runs this on PostgreSQL: use ./wizzygen test");
            Assumptions.abort("needs the PostgreSQL that ./wizzygen test starts");
        }
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
        client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aRunOfAServerKilledMidwayIsFinishedByTheOtherWithEveryRowWrittenOnce(@TempDir Path folder) throws Exception {
        Database topics = topics(ROWS);
        try (CountingAi ai = new CountingAi(Duration.ofMillis(300)); CountingProxy notionA = new CountingProxy(sandbox.baseUrl());
             CountingProxy notionB = new CountingProxy(sandbox.baseUrl());
             ServerProcess a = node(folder, "a", notionA); ServerProcess b = node(folder, "b", notionB)) {
            save(ai);
            RunRestartTest.Web onA = new RunRestartTest.Web(a.url());
            RunRestartTest.Web onB = new RunRestartTest.Web(b.url());
            String run = onA.generate(onA.createConnection("Two servers", topics.url()), "{{Topic}}");

            Waits.until("a third written, seen from the other server", Duration.ofSeconds(60), () -> onB.run(run),
                    r -> r.path("written").asInt() >= ROWS / 3);
            a.kill();
            int byA = writes(notionA, topics);
            JsonNode finished = Waits.until("the other server finishing the run", Duration.ofSeconds(120), () -> onB.run(run),
                    r -> r.path("finished").asBoolean());

            assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
            assertThat(finished.path("resumes").asInt()).isEqualTo(1);
            assertThat(byA).isBetween(ROWS / 3, ROWS - 1);
            assertThat(writes(notionB, topics)).as("rows written by the second server").isEqualTo(ROWS - byA);
            assertEachRowWrittenOnce(topics, notionA, notionB);
            assertThat(ai.mostCallsForOnePrompt()).as("no stored answer asked for again").isEqualTo(1);
        }
    }

    @Test
    void aServerPausedPastItsLeaseWritesNothingOnceTheOtherHasTakenItsRun(@TempDir Path folder) throws Exception {
        Database topics = topics(ROWS);
        try (CountingAi ai = new CountingAi(Duration.ofMillis(300)); CountingProxy notionA = new CountingProxy(sandbox.baseUrl());
             CountingProxy notionB = new CountingProxy(sandbox.baseUrl());
             ServerProcess a = node(folder, "a", notionA); ServerProcess b = node(folder, "b", notionB)) {
            save(ai);
            RunRestartTest.Web onA = new RunRestartTest.Web(a.url());
            RunRestartTest.Web onB = new RunRestartTest.Web(b.url());
            String run = onA.generate(onA.createConnection("Paused server", topics.url()), "{{Topic}}");
            Waits.until("a third written", Duration.ofSeconds(60), () -> onB.run(run), r -> r.path("written").asInt() >= ROWS / 3);

            a.pause();
            Waits.until("the other server taking the run", Duration.ofSeconds(60), () -> writes(notionB, topics), written -> written > 0);
            int byAWhenTaken = writes(notionA, topics);
            a.resume();
            JsonNode finished = Waits.until("the run finished", Duration.ofSeconds(120), () -> onB.run(run), r -> r.path("finished").asBoolean());
            Waits.until("the woken server's run gives up", Duration.ofSeconds(30), () -> a.log().contains("was taken over by another server")
                    || writes(notionA, topics) > byAWhenTaken, seen -> seen);

            assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
            assertThat(writes(notionA, topics)).as("writes of the woken server after its run was taken").isEqualTo(byAWhenTaken);
            assertEachRowWrittenOnce(topics, notionA, notionB);
        }
    }

    // ---------------------------------------------------------------- the two servers

    private static ServerProcess node(Path folder, String name, CountingProxy notion) throws IOException {
        Map<String, String> environment = Map.of("WIZZYGEN_MASTER_KEY", MASTER_KEY, "NOTION_API_BASE_URL", notion.baseUrl(),
                "XDG_CONFIG_HOME", folder.resolve("config").toString());
        return ServerProcess.start(folder.resolve(name + ".log"), environment, "--data", folder.resolve(name).toString(), "--database", database);
    }

    /** The owner's settings in the shared database, as either server's Settings page saves them. */
    private static void save(CountingAi ai) {
        String connections = client.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow();
        {
            Store store = Store.postgresql(database);
            new SettingsStore(store, SecretBox.open(null, MASTER_KEY)).save(Accounts.OWNER,
                    new Settings(connections, "openai-compatible", null, "counting", ai.baseUrl(), sandbox.token(), null));
        }
    }

    private static Database topics(int rows) {
        NotionId parent = client.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
        Database created = client.createDatabase(parent, "Nodes " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        for (int i = 1; i <= rows; i++) {
            client.createPage(created.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        return created;
    }

    private static List<String> rowIds(Database topics) {
        return client.queryDataSource(topics.dataSources().getFirst().id(), Query.all()).map(Page::id)
                .map(id -> id.value().replace("-", "")).toList();
    }

    private static int writes(CountingProxy notion, Database topics) {
        Map<String, Integer> updates = notion.updatesByPage();
        return rowIds(topics).stream().mapToInt(row -> updates.getOrDefault(row, 0)).sum();
    }

    private static void assertEachRowWrittenOnce(Database topics, CountingProxy... servers) {
        Map<String, Integer> total = new HashMap<>();
        for (CountingProxy server : servers) {
            server.updatesByPage().forEach((page, count) -> total.merge(page, count, Integer::sum));
        }
        List<String> rows = rowIds(topics);
        assertThat(rows).hasSize(ROWS).allSatisfy(row -> assertThat(total.getOrDefault(row, 0)).as("updates of row " + row).isEqualTo(1));
        assertThat(client.queryDataSource(topics.dataSources().getFirst().id(), Query.all()))
                .allSatisfy(row -> assertThat(row.property("Content").map(PropertyValue::asText).orElse("")).startsWith("Answer:"));
    }
}
