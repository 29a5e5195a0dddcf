package io.wizzygen.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.accounts.Accounts;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import io.wizzygen.testing.ServerProcess;
import io.wizzygen.testing.Waits;
import io.wizzygen.store.SecretBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database run started through the web app survives its server: killed (SIGKILL) or stopped (SIGTERM) after a third
 * of the rows, then started again, the server finishes the run by itself — every ticked row written exactly once, no
 * stored answer asked for again, and the plan's "used" equal to the usage table and to the answers produced.
 */
@ExtendWith(SharedSandbox.class)
class RunRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 30;
    private static final String MASTER_KEY = "restart-test-master-key";

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
    void aRunKilledWithSigkillFinishesAfterTheRestartWithEveryRowWrittenOnce(@TempDir Path folder) throws Exception {
        survivesItsServer(folder, ServerProcess::kill);
    }

    @Test
    void aRunStoppedWithSigtermFinishesItsStartedRowsAndTheRestAfterTheRestart(@TempDir Path folder) throws Exception {
        survivesItsServer(folder, ServerProcess::terminate);
    }

    interface Stop {
        void stop(ServerProcess server) throws Exception;
    }

    private void survivesItsServer(Path folder, Stop stop) throws Exception {
        Topics topics = Topics.create(client, ROWS);
        topics.tickAll();
        try (CountingAi ai = new CountingAi(Duration.ofMillis(300));
             ServerProcess server = ServerProcess.start(folder.resolve("server.log"), environment(folder), "--data", folder.resolve("data").toString(),
                     "--notion-rate", "6")) {
            Topics.saveOwnerSettings(client, sandbox.token(), Store.sqlite(folder.resolve("data")), SecretBox.open(null, MASTER_KEY), ai);
            Web web = new Web(server.url());
            String connection = web.createConnection("Restart rows", topics.url());
            String run = web.generate(connection, "{{Topic}}");

            try {
                Waits.until("a third of the rows written", Duration.ofSeconds(60), () -> web.run(run), r -> r.path("written").asInt() >= ROWS / 3);
            } catch (AssertionError slow) {
                throw new AssertionError(slow.getMessage() + "\nserver log:\n" + server.log(), slow);
            }
            stop.stop(server);
            int storedAtStop = storedAnswers(Store.sqlite(folder.resolve("data")), topics);
            int callsAtStop = ai.calls();
            int writtenBeforeRestart = topics.written();
            assertThat(writtenBeforeRestart).as("rows written before the stop").isBetween(ROWS / 3, ROWS - 1);

            server.restart();
            JsonNode finished = Waits.until("the run finished after the restart", Duration.ofSeconds(90), () -> web.run(run),
                    r -> r.path("finished").asBoolean());

            assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
            // The count kept with the run may miss the one row whose write landed in Notion as the server died, before it was recorded.
            assertThat(finished.path("written").asInt()).isBetween(ROWS - 1, ROWS);
            assertThat(finished.path("resumes").asInt()).isEqualTo(1);
            assertThat(eventNames(finished)).contains("resumed");
            assertThat(doneMessage(finished)).contains("written before the restart");
            assertThat(topics.written()).isEqualTo(ROWS);
            Map<String, Integer> updates = topics.updates(notion);
            assertThat(updates).as("each row written exactly once").hasSize(ROWS).allSatisfy((row, count) -> assertThat(count).isEqualTo(1));
            // Calls in flight at the stop (the engine keeps up to 4) may be asked again; an answer stored never is.
            assertThat(ai.calls() - callsAtStop).as("AI calls after the restart: one per row without a stored answer")
                    .isEqualTo(ROWS - storedAtStop);

            {
                Store store = Store.sqlite(folder.resolve("data"));
                long used = store.jdbi().withHandle(h -> h.createQuery("SELECT SUM(used) FROM quota WHERE account_id = :a")
                        .bind("a", Accounts.OWNER).mapTo(Long.class).one());
                long usage = store.jdbi().withHandle(h -> h.createQuery("SELECT SUM(prompts) FROM usage_by_model WHERE account_id = :a")
                        .bind("a", Accounts.OWNER).mapTo(Long.class).one());
                long held = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quota_holds").mapTo(Long.class).one());
                assertThat(used).as("the plan's used prompts").isEqualTo(usage).isEqualTo(ROWS);
                assertThat(held).as("no prompt left held").isZero();
            }
        }
    }

    // ---------------------------------------------------------------- the workspace

    private static Map<String, String> environment(Path folder) {
        return Map.of("WIZZYGEN_MASTER_KEY", MASTER_KEY, "XDG_CONFIG_HOME", folder.resolve("config").toString(),
                "NOTION_API_BASE_URL", notion.baseUrl());
    }

    /** Rows of the database whose answer the run log holds. */
    static int storedAnswers(Store store, Topics topics) {
        List<String> rows = topics.rows().stream().map(row -> row.id().value()).toList();
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT row_id) FROM run_records WHERE output IS NOT NULL AND row_id IN (<rows>)")
                .bindList("rows", rows).mapTo(Integer.class).one());
    }

    private static List<String> eventNames(JsonNode run) {
        return run.path("events").findValues("name").stream().map(JsonNode::asText).toList();
    }

    private static String doneMessage(JsonNode run) {
        for (JsonNode event : run.path("events")) {
            if (event.path("name").asText().equals("done")) {
                return event.path("data").path("message").asText();
            }
        }
        return "";
    }

    // ---------------------------------------------------------------- the app over HTTP

    /** The app driven as a browser's forms do. */
    static final class Web {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        Web(String base) {
            this.base = base;
        }

        String createConnection(String name, String url) {
            HttpResponse<String> created = post("/create", Map.of("name", name, "type", "Notion Database", "template", "own", "url", url));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
            return created.headers().firstValue("Location").orElseThrow().replace("/connections/", "");
        }

        String generate(String connection, String prompt) {
            HttpResponse<String> started = post("/connections/" + connection + "/generate", Map.of("prompt", prompt, "output", "Content",
                    "checkbox", "Generate"));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
            String location = started.headers().firstValue("Location").orElseThrow();
            return location.substring(location.indexOf("run=") + 4).replaceAll("&.*", "");
        }

        JsonNode run(String id) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
            } catch (IOException serverAway) {
                return JSON.createObjectNode().put("unreachable", serverAway.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Origin", base)
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
