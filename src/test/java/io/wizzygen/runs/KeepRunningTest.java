package io.wizzygen.runs;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.SignUps;
import io.wizzygen.ai.Prices;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Environment;
import io.wizzygen.setup.Storage;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;
import io.wizzygen.testing.Waits;
import io.wizzygen.web.Access;
import io.wizzygen.web.WebApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database connection that keeps running, through the web app as a person switches it on, against the sandbox
 * (Notion's 3 requests/s kept by the app's own client; every Notion write counted on its way) and a counting AI: rows
 * ticked while the watch runs are each written once, by polling alone, by webhooks alone and by both together; the
 * watch's own writes start nothing; new rows are ticked by the watch and written; a watch whose plan runs out of prompts
 * stops saying so; forged and replayed webhooks are refused.
 */
class KeepRunningTest {

    private static final String MASTER_KEY = "keep-running-test-key";
    private static final String VERIFICATION_TOKEN = "secret_keep_running_test_0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SandboxServer sandbox;
    private CountingProxy notion;
    private CountingAi ai;
    private WebApp app;
    private Store store;
    private NotionClient client;
    private RunRestartTest.Web web;
    private int port;

    @AfterEach
    void stop() {
        for (AutoCloseable open : new AutoCloseable[] {app, notion, ai, sandbox}) {
            try {
                if (open != null) {
                    open.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---------------------------------------------------------------- polling, webhooks, both

    @Test
    void twentyRowsTickedWhileAWatchPollsAreEachWrittenOnceAndItsOwnWritesStartNothing(@TempDir Path folder) throws Exception {
        start(folder, false);
        Topics topics = Topics.create(client, 20);
        String connection = keepRunning(topics, "5", false);

        topics.tickAll();
        Waits.until("20 rows written by the watch", Duration.ofSeconds(120), topics::written, n -> n == 20);
        assertEachWrittenOnce(topics, 20);

        Waits.until("the last run of the watch finished", Duration.ofSeconds(30), () -> lastRunFinished(connection), done -> done);
        int runs = runsOf(connection);
        Map<String, Integer> writes = topics.updates(notion);
        twoMorePolls(connection);
        assertThat(runsOf(connection)).as("the watch's own writes (rows unticked, outputs filled) start no run").isEqualTo(runs);
        assertThat(topics.updates(notion)).isEqualTo(writes);
        assertThat(ai.calls()).isEqualTo(20);
        assertThat(String.valueOf(watchColumn(connection, "last_trigger"))).contains("ticked");
        assertThat(page("/connections")).as("Connections shows the watch and its last trigger").contains("Keeps running", "On · last trigger");
    }

    @Test
    void withWebhooksTickedRowsAreWrittenWithoutWaitingForTheNextPoll(@TempDir Path folder) throws Exception {
        start(folder, true);
        verifySubscription();
        Topics topics = Topics.create(client, 8);
        String connection = keepRunning(topics, "3600", false); // after its first look, the next poll is an hour away
        Waits.until("the first look", Duration.ofSeconds(30), () -> watchColumn(connection, "last_poll_at"), at -> at != null);

        topics.tickAll();
        Waits.until("8 rows written, brought forward by webhooks", Duration.ofSeconds(90), topics::written, n -> n == 8);
        assertEachWrittenOnce(topics, 8);
        assertThat(page("/settings/webhooks")).as("the last signed event is shown").contains("the last signed event arrived");
    }

    @Test
    void webhooksAndPollingTogetherNeverGenerateARowTwice(@TempDir Path folder) throws Exception {
        start(folder, true);
        verifySubscription();
        Topics topics = Topics.create(client, 24);
        keepRunning(topics, "5", false);
        List<Page> rows = topics.rows();
        for (Page row : rows.subList(0, 12)) {
            topics.tick(row);
        }
        Waits.until("the first rows written", Duration.ofSeconds(60), topics::written, n -> n >= 3);
        for (Page row : rows.subList(12, 24)) { // ticked while a run goes: webhooks and polls both look for them
            topics.tick(row);
        }
        Waits.until("24 rows written", Duration.ofSeconds(120), topics::written, n -> n == 24);
        assertEachWrittenOnce(topics, 24);
    }

    // ---------------------------------------------------------------- new rows, a plan used up

    @Test
    void newRowsWithAnEmptyOutputAreTickedByTheWatchOnceAndWritten(@TempDir Path folder) throws Exception {
        start(folder, false);
        Topics topics = Topics.create(client, 0);
        for (int i = 1; i <= 2; i++) { // rows with an answer already: not waiting for one, left alone
            topics.add(Map.of("Topic", new PropertyValue.Title("Old topic " + i), "Content", new PropertyValue.Text("Written before")));
        }
        String connection = keepRunning(topics, "5", true);
        Waits.until("the first look", Duration.ofSeconds(30), () -> watchColumn(connection, "last_poll_at"), at -> at != null);
        for (int i = 1; i <= 3; i++) {
            topics.add(Map.of("Topic", new PropertyValue.Title("New topic " + i)));
        }
        Waits.until("the 3 new rows written", Duration.ofSeconds(90), topics::written, n -> n == 3);
        Map<String, Integer> updates = topics.updates(notion);
        List<Page> rows = topics.rows();
        for (Page row : rows) {
            boolean fresh = row.title().startsWith("New topic");
            assertThat(updates.get(Topics.compact(row))).as(row.title() + ": ticked by the watch, then written, one update each; old rows untouched")
                    .isEqualTo(fresh ? 2 : 0);
            assertThat(row.property("Generate").map(PropertyValue::asText)).as("unticked by the run").hasValue("No");
        }
        twoMorePolls(connection);
        assertThat(topics.updates(notion)).as("ticked once, never again").isEqualTo(updates);
    }

    @Test
    void aWatchStopsSayingWhyWhenThePlansPromptsAreUsedUp(@TempDir Path folder) throws Exception {
        start(folder, false);
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        accounts.setPlan(Accounts.OWNER, Plans.defaults().find(Plans.FREE).orElseThrow()); // 10 prompts in all
        Topics topics = Topics.create(client, 12);
        String connection = keepRunning(topics, "5", false);
        topics.tickAll();

        String reason = String.valueOf(Waits.until("the watch stopped", Duration.ofSeconds(120), () -> watchColumn(connection, "stop_reason"),
                r -> r != null));
        assertThat(topics.written()).isEqualTo(10);
        assertThat(reason).containsIgnoringCase("prompt");
        assertThat((Object) watchColumn(connection, "stop_upgrade")).isIn(true, 1, 1L);
        assertThat(page("/connections/" + connection)).contains("Stopped", "href=\"/upgrade\"");
        assertThat(page("/connections")).contains("Stopped: ");
        int runs = runsOf(connection);
        topics.tick(topics.rows().getFirst());
        assertThat(runsOf(connection)).as("a stopped watch starts nothing").isEqualTo(runs);
    }

    // ---------------------------------------------------------------- webhooks refused

    @Test
    void aForgedOrReplayedWebhookIsRefused(@TempDir Path folder) throws Exception {
        start(folder, false);
        String event = event(UUID.randomUUID().toString(), Instant.now());
        assertThat(deliver(verification(), null).statusCode()).isEqualTo(200);
        assertThat(deliver(event, sign(event, VERIFICATION_TOKEN)).statusCode()).as("signed with a token no admin has revealed").isEqualTo(401);

        verifySubscription();
        assertThat(deliver(event, null).statusCode()).as("unsigned").isEqualTo(401);
        assertThat(deliver(event, sign(event, "secret_someone_else")).statusCode()).as("signed with another token").isEqualTo(401);
        assertThat(deliver(event.replace("page.properties_updated", "page.created"), sign(event, VERIFICATION_TOKEN)).statusCode())
                .as("a body changed after signing").isEqualTo(401);
        HttpResponse<String> accepted = deliver(event, sign(event, VERIFICATION_TOKEN));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        HttpResponse<String> replayed = deliver(event, sign(event, VERIFICATION_TOKEN));
        assertThat(replayed.statusCode()).as("the same event id again").isEqualTo(409);
        assertThat(replayed.body()).contains("replay");
        String old = event(UUID.randomUUID().toString(), Instant.now().minus(Duration.ofHours(1)));
        assertThat(deliver(old, sign(old, VERIFICATION_TOKEN)).statusCode()).as("a timestamp an hour old").isEqualTo(409);
        assertThat(deliver("not json", sign("not json", VERIFICATION_TOKEN)).statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- the app, the sandbox and the AI

    /** The sandbox (sending webhooks to the app when asked), a counting proxy and AI, and the app with its owner's settings. */
    private void start(Path folder, boolean webhooks) throws IOException {
        port = freePort();
        SandboxOptions options = SandboxOptions.defaults().withRateLimit(0);
        sandbox = SandboxServer.start(webhooks ? options.withWebhook("http://127.0.0.1:" + port + "/webhooks/notion", VERIFICATION_TOKEN) : options);
        notion = new CountingProxy(sandbox.baseUrl());
        ai = new CountingAi(Duration.ofMillis(100));
        client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        Path data = folder.resolve("data");
        Storage storage = new Storage(data, null, MASTER_KEY);
        app = WebApp.start(WebApp.Options.local(port, storage, Clients.forOwner(Environment.of(Map.of()), notion.baseUrl()).withNotionRate(0.0),
                Prices.builtInOnly(), Plans.defaults()).withAccess(new Access(URI.create("http://127.0.0.1:" + port), false), SignUps.Rules.DEFAULT));
        store = Store.sqlite(data);
        Topics.saveOwnerSettings(client, sandbox.token(), store, SecretBox.open(data, MASTER_KEY), ai);
        web = new RunRestartTest.Web("http://127.0.0.1:" + port);
    }

    /** As Notion does and an admin then: the verification request, the token revealed once. */
    private void verifySubscription() {
        assertThat(deliver(verification(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> revealed = web.post("/settings/webhooks/reveal", Map.of());
        assertThat(revealed.statusCode()).isEqualTo(200);
        assertThat(revealed.body()).contains(VERIFICATION_TOKEN);
        assertThat(page("/settings/webhooks")).as("shown once").doesNotContain(VERIFICATION_TOKEN).contains("cdef");
    }

    private static String verification() {
        return "{\"verification_token\":\"" + VERIFICATION_TOKEN + "\"}";
    }

    /** A connection to the database, switched to keep running as the connection page's form does. */
    private String keepRunning(Topics topics, String every, boolean newRows) {
        String connection = web.createConnection("Watched", topics.url());
        Map<String, String> form = new java.util.HashMap<>(Map.of("prompt", "{{Topic}}", "output", "Content", "checkbox", "Generate",
                "every", every));
        if (newRows) {
            form.put("newRows", "on");
        }
        HttpResponse<String> on = web.post("/connections/" + connection + "/keep-running", form);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(303);
        assertThat(page("/connections/" + connection)).contains("<strong>On</strong>", "Stop keeping running");
        return connection;
    }

    private void assertEachWrittenOnce(Topics topics, int rows) {
        assertThat(topics.updates(notion)).as("each row written exactly once").hasSize(rows).allSatisfy((row, count) -> assertThat(count).isEqualTo(1));
        assertThat(ai.mostCallsForOnePrompt()).as("no row asked for twice").isEqualTo(1);
        assertThat(topics.rows()).allSatisfy(row -> assertThat(row.property("Generate").map(PropertyValue::asText)).hasValue("No"));
    }

    private int runsOf(String connection) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs WHERE connection_id = :id").bind("id", connection)
                .mapTo(Integer.class).one());
    }

    private boolean lastRunFinished(String connection) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs WHERE connection_id = :id AND finished_at IS NULL")
                .bind("id", connection).mapTo(Integer.class).one()) == 0;
    }

    private Object watchColumn(String connection, String column) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM watches WHERE connection_id = :id").bind("id", connection)
                .mapToMap().findOne().map(row -> row.get(column)).orElse(null));
    }

    /** Waits until the watch has looked twice after now. */
    private void twoMorePolls(String connection) {
        long now = Instant.now().toEpochMilli();
        List<Long> seen = new ArrayList<>();
        Waits.until("two more looks of the watch", Duration.ofSeconds(40), () -> {
            Object at = watchColumn(connection, "last_poll_at");
            if (at instanceof Number millis && millis.longValue() > now && !seen.contains(millis.longValue())) {
                seen.add(millis.longValue());
            }
            return seen.size();
        }, n -> n >= 2);
    }

    /** A page of the app, as a browser gets it. */
    private String page(String path) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            return answer.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- webhook requests as Notion sends them

    private static String event(String id, Instant at) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"workspace_id\":\"" + UUID.randomUUID() + "\",\"type\":\"page.properties_updated\","
                + "\"attempt_number\":1,\"entity\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"page\"},\"data\":{\"parent\":{\"id\":\""
                + UUID.randomUUID() + "\",\"type\":\"database\",\"data_source_id\":\"" + UUID.randomUUID() + "\"},\"updated_properties\":[\"abc\"]}}";
    }

    private static String sign(String body, String token) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> deliver(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/notion"))
                .header("Content-Type", "application/json").header("User-Agent", "notion-api").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Notion-Signature", signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
