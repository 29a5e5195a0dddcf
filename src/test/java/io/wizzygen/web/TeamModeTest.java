package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.UpgradeCodes;
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
import io.wizzygen.setup.Clients;
import io.wizzygen.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Team mode over HTTP: every route behind sign-in and CSRF, accounts walled off from each other, and the quota. */
class TeamModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CONNECTION = Pattern.compile("^/connections/([0-9a-f-]{36})");
    private static final Pattern RUN = Pattern.compile("[?&]run=([0-9a-f-]+)");

    private static SandboxServer sandbox;
    private static NotionClient notion;
    private static String connectionsDatabase;
    private static NotionId samplePage;

    private Path folder;
    private WebApp app;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(0));
        notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        connectionsDatabase = find("Connections").url();
        samplePage = find("Sample page").id();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void startApp() throws Exception {
        folder = Files.createTempDirectory("wizzygen-team");
        app = WebApp.start(new WebApp.Options("127.0.0.1", 0, folder, null, new Clients(Map.of(), sandbox.baseUrl()), null, null, WebApp.Mode.TEAM));
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    private static SearchResult find(String title) {
        return notion.search(title, Optional.empty()).filter(r -> r.title().equals(title)).findFirst().orElseThrow();
    }

    /** One person's browser: their own cookies and the CSRF token of the last page they saw. */
    private final class Member {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String csrf = "";
        String email;

        HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(90));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return remember(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.putIfAbsent("_csrf", csrf);
            return send(path, all, "Origin", app.url());
        }

        HttpResponse<String> send(String path, Map<String, String> fields, String... headers) throws Exception {
            String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return remember(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }

        private HttpResponse<String> remember(HttpResponse<String> response) {
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return response;
        }

        Member signUp() throws Exception {
            email = "member-" + UUID.randomUUID() + "@example.com";
            HttpResponse<String> answer = post("/signup", Map.of("email", email, "password", "correct horse battery", "confirm", "correct horse battery"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
            get("/");
            return this;
        }

        Member setUp(String model) throws Exception {
            return setUp(model, connectionsDatabase);
        }

        Member setUp(String model, String connections) throws Exception {
            get("/settings");
            HttpResponse<String> saved = post("/settings", Map.of("connectionsDatabase", connections, "engine", "demo", "model", model,
                    "baseUrl", "", "apiKey", "", "notionSecret", sandbox.token()));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
            return this;
        }

        String connect(String name, String type, String url) throws Exception {
            get("/create");
            HttpResponse<String> created = post("/create", Map.of("name", name, "type", type, "template", "own", "url", url));
            Matcher id = CONNECTION.matcher(created.headers().firstValue("Location").orElse(""));
            assertThat(id.find()).as(created.body()).isTrue();
            return id.group(1);
        }

        /** Starts a run and returns its id. */
        String generate(String connection, String prompt) throws Exception {
            get("/connections/" + connection);
            HttpResponse<String> started = post("/connections/" + connection + "/generate", Map.of("prompt", prompt, "output", "Content", "mode", "append"));
            Matcher run = RUN.matcher(started.headers().firstValue("Location").orElse(""));
            assertThat(run.find()).as(started.statusCode() + " " + started.body()).isTrue();
            return run.group(1);
        }

        JsonNode finished(String run) throws Exception {
            JsonNode state = JSON.readTree(get("/runs/" + run).body());
            for (int i = 0; i < 300 && !state.path("finished").asBoolean(); i++) {
                Thread.sleep(100);
                state = JSON.readTree(get("/runs/" + run).body());
            }
            assertThat(state.path("finished").asBoolean()).as("run " + run + " finished").isTrue();
            return state;
        }

        String text(String path) throws Exception {
            return get(path).body().replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Database topics(int rows) {
        Database database = notion.createDatabase(samplePage, "Team topics " + UUID.randomUUID(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        for (int i = 1; i <= rows; i++) {
            notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        return database;
    }

    private static List<Page> rows(Database database) {
        return notion.queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
    }

    private static String done(JsonNode run) {
        for (JsonNode event : run.path("events")) {
            if (event.path("name").asText().equals("done")) {
                return event.path("data").toString();
            }
        }
        return "";
    }

    @Test
    void withoutASessionPagesLeadToSignInAndEveryOtherRouteIsRefused() throws Exception {
        Member stranger = new Member();
        String id = UUID.randomUUID().toString();
        for (String page : List.of("/", "/create", "/connections", "/connections/" + id, "/connections/" + id + "/delete", "/settings",
                "/settings/clear", "/upgrade", "/feedback", "/account", "/connections?q=a&sort=name")) {
            HttpResponse<String> answer = stranger.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).as(page).hasValue("/signin?next=" + enc(page));
        }
        for (String data : List.of("/runs/" + id, "/create/check?url=x", "/settings/models")) {
            assertThat(stranger.get(data, "HX-Request", "true").statusCode()).as(data).isEqualTo(401);
        }
        assertThat(stranger.get("/runs/" + id).statusCode()).isEqualTo(401);
        assertThat(stranger.get("/runs/" + id + "/events", "Accept", "text/event-stream").statusCode()).isEqualTo(401);
        for (String action : List.of("/create", "/settings", "/settings/clear", "/settings/test/notion", "/settings/test/ai",
                "/settings/connections-database", "/connections/" + id + "/generate", "/connections/" + id + "/preview",
                "/connections/" + id + "/rows", "/connections/" + id + "/rows/" + id, "/connections/" + id + "/delete", "/upgrade/code",
                "/upgrade/accounts/" + id, "/feedback", "/account/password")) {
            HttpResponse<String> answer = stranger.post(action, Map.of("prompt", "x"));
            assertThat(answer.statusCode()).as(action).isEqualTo(401);
            assertThat(answer.body()).as(action).contains("Sign in first");
        }
        for (String open : List.of("/signin", "/signup", "/assets/app.css")) {
            assertThat(stranger.get(open).statusCode()).as(open).isEqualTo(200);
        }
    }

    @Test
    void aSessionIsAnHttpOnlyStrictCookieThatSignOutEnds() throws Exception {
        Member ada = new Member();
        ada.email = "ada-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signedUp = ada.post("/signup", Map.of("email", ada.email, "password", "correct horse battery", "confirm", "correct horse battery"));
        String cookie = signedUp.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("wizzygen_session=").contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
        assertThat(ada.get("/settings").statusCode()).isEqualTo(200);
        assertThat(ada.text("/upgrade")).as("the first account is the admin").contains("Accounts (admin)");

        Member bob = new Member().signUp();
        assertThat(bob.text("/upgrade")).doesNotContain("Accounts (admin)");
        HttpResponse<String> signedInSignUp = bob.post("/signup", Map.of("email", "third-" + ada.email, "password", "correct horse battery",
                "confirm", "correct horse battery"));
        assertThat(signedInSignUp.headers().firstValue("Location")).as("signed in, sign-up leads home").hasValue("/");
        assertThat(new Accounts(Store.sqlite(folder), Clock.systemUTC()).findByEmail("third-" + ada.email)).isEmpty();

        Member again = new Member();
        assertThat(again.post("/signup", Map.of("email", ada.email, "password", "correct horse battery", "confirm", "correct horse battery")).body())
                .contains("exists already: sign in instead");
        assertThat(again.post("/signup", Map.of("email", "new-" + ada.email, "password", "short", "confirm", "short")).body()).contains("at least 10 characters");
        assertThat(again.post("/signup", Map.of("email", "new-" + ada.email, "password", "correct horse battery", "confirm", "other horse battery"))
                .body()).contains("The two passwords differ");
        HttpResponse<String> wrong = again.post("/signin", Map.of("email", ada.email, "password", "wrong horse battery"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("do not match");
        assertThat(wrong.body()).contains("value=\"" + ada.email + "\"");

        ada.get("/");
        assertThat(ada.post("/signout", Map.of()).headers().firstValue("Location")).hasValue("/signin");
        assertThat(ada.get("/settings").statusCode()).isEqualTo(303);
    }

    @Test
    void manyFailedSignInsAreRefusedForAWhileAndAPasswordChangeSignsOutOtherSessions() throws Exception {
        Member laptop = new Member().signUp();
        Member phone = new Member();
        assertThat(phone.post("/signin", Map.of("email", laptop.email, "password", "correct horse battery")).statusCode()).isEqualTo(303);
        assertThat(phone.get("/settings").statusCode()).isEqualTo(200);

        laptop.get("/account");
        HttpResponse<String> changed = laptop.post("/account/password", Map.of("current", "correct horse battery", "next", "a new long passphrase",
                "confirm", "a new long passphrase"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Password changed");
        assertThat(phone.get("/settings").statusCode()).as("the other session ended").isEqualTo(303);
        assertThat(laptop.get("/settings").statusCode()).as("this session goes on").isEqualTo(200);

        Member guesser = new Member();
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.post("/signin", Map.of("email", laptop.email, "password", "guess " + i)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = guesser.post("/signin", Map.of("email", laptop.email, "password", "a new long passphrase"));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins");
    }

    @Test
    void aStateChangeWithoutTheSessionsCsrfTokenOrFromAnotherSiteChangesNothing() throws Exception {
        Member ada = new Member().signUp();
        ada.get("/feedback");
        HttpResponse<String> missing = ada.send("/feedback", Map.of("message", "no token"), "Origin", app.url());
        HttpResponse<String> forged = ada.send("/feedback", Map.of("message", "forged token", "_csrf", "forged"), "Origin", app.url());
        HttpResponse<String> foreign = ada.send("/feedback", Map.of("message", "from elsewhere", "_csrf", ada.csrf), "Origin", "https://evil.example");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("Reload the page");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> htmx = ada.send("/feedback", Map.of("message", "sent by htmx"), "Origin", app.url(), "X-CSRF-Token", ada.csrf,
                "HX-Request", "true");
        assertThat(htmx.statusCode()).isEqualTo(303);
        String inbox = ada.text("/feedback");
        assertThat(inbox).contains("sent by htmx").doesNotContain("no token", "forged token", "from elsewhere");
    }

    @Test
    void anotherAccountCanNeitherSeeNorTouchAConnectionRunSettingsPlanOrFeedback() throws Exception {
        Member ada = new Member().signUp().setUp("ada-private-model");
        Database database = topics(2);
        String pageConnection = ada.connect("Ada's private page", "Notion Page", notion.createChildPage(samplePage, "Ada's page").url());
        String databaseConnection = ada.connect("Ada's private rows", "Notion Database", database.url());
        String run = ada.generate(databaseConnection, "Summarise {{Topic}}");
        ada.finished(run);
        String rowId = rows(database).getFirst().id().value();
        ada.post("/feedback", Map.of("message", "Ada's private feedback", "rating", "4"));

        // Each member has their own Connections database in Notion (two pointing at one would share its rows, as in Notion).
        Member bob = new Member().signUp().setUp("", io.wizzygen.connections.ConnectionsDatabase.createIn(notion, samplePage).url());
        for (String connection : List.of(pageConnection, databaseConnection)) {
            String base = "/connections/" + connection;
            assertThat(bob.get(base).statusCode()).as(base).isEqualTo(404);
            assertThat(bob.get(base + "/delete").statusCode()).as(base + "/delete").isEqualTo(404);
            for (String action : List.of("/generate", "/preview", "/rows", "/rows/" + rowId, "/delete")) {
                HttpResponse<String> answer = bob.post(base + action, Map.of("prompt", "Bob was here", "title", "Bob's row", "field", "title",
                        "value", "Bob's title", "output", "Content"));
                assertThat(answer.statusCode()).as(base + action).isEqualTo(404);
            }
        }
        assertThat(bob.get("/runs/" + run).statusCode()).isEqualTo(404);
        String events = bob.get("/runs/" + run + "/events", "Accept", "text/event-stream").body();
        assertThat(events).contains("not known").doesNotContain("Topic 1");
        assertThat(bob.text("/connections")).doesNotContain("Ada's private");
        assertThat(bob.text("/")).doesNotContain("Ada's private");
        assertThat(bob.get("/settings").body()).doesNotContain("ada-private-model");
        assertThat(bob.text("/feedback")).doesNotContain("Ada's private feedback");
        Accounts accounts = new Accounts(Store.sqlite(folder), Clock.systemUTC());
        String adaId = accounts.findByEmail(ada.email).orElseThrow().id();
        assertThat(bob.post("/upgrade/accounts/" + adaId, Map.of("plan", "unlimited")).statusCode()).isEqualTo(403);
        assertThat(accounts.find(adaId).orElseThrow().plan()).isEqualTo("free");

        assertThat(ada.text("/connections")).contains("Ada's private page", "Ada's private rows");
        assertThat(ada.get("/connections/" + pageConnection).statusCode()).isEqualTo(200);
        assertThat(rows(database)).extracting(Page::title).containsExactly("Topic 1", "Topic 2");
        bob.post("/feedback", Map.of("message", "Bob's note about tables"));
        assertThat(ada.text("/feedback")).as("the admin reads everyone's").contains("Ada's private feedback", "Bob's note about tables");
        assertThat(ada.text("/feedback?q=tables")).contains("Bob's note").doesNotContain("Ada's private feedback");
    }

    @Test
    void aRunStopsWhenTheFreePlanIsUsedUpLeavingTheRestTickedAndAnUpgradeCodeOpensMore() throws Exception {
        Member ada = new Member().signUp().setUp("");
        Database database = topics(20);
        String connection = ada.connect("Twenty rows", "Notion Database", database.url());
        JsonNode run = ada.finished(ada.generate(connection, "Summarise {{Topic}}"));

        assertThat(done(run)).contains("used all 10 prompts", "Free", "\"upgrade\":\"/upgrade\"");
        List<Page> rows = rows(database);
        assertThat(rows).filteredOn(r -> !r.property("Content").map(PropertyValue::asText).orElse("").isEmpty()).hasSize(10);
        assertThat(rows).filteredOn(r -> r.property("Generate").map(PropertyValue::asText).orElse("").equals("Yes")).hasSize(10);
        assertThat(ada.text("/upgrade")).contains("10 of 10 used", "demo");

        String code = new UpgradeCodes(Store.sqlite(folder), new Accounts(Store.sqlite(folder), Clock.systemUTC()), Plans.defaults(),
                Clock.systemUTC()).issue("pro");
        ada.get("/upgrade");
        HttpResponse<String> upgraded = ada.post("/upgrade/code", Map.of("code", code));
        assertThat(upgraded.statusCode()).isEqualTo(303);
        assertThat(ada.text(upgraded.headers().firstValue("Location").orElseThrow())).contains("Your plan: Pro", "you are on the Pro plan now");
        HttpResponse<String> reused = ada.post("/upgrade/code", Map.of("code", code));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("used already");
        JsonNode rest = ada.finished(ada.generate(connection, "Summarise {{Topic}}"));
        assertThat(done(rest)).contains("\"ok\":true", "\"written\":10");
    }

    @Test
    void twentyConcurrentGenerationsAgainstTheFreePlanChargeExactlyTen() throws Exception {
        Member ada = new Member().signUp().setUp("");
        String connection = ada.connect("One row", "Notion Database", topics(1).url());
        ada.get("/connections/" + connection);
        List<CompletableFuture<String>> previews = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String prompt = "Summarise {{Topic}} take " + i;
            previews.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ada.post("/connections/" + connection + "/preview", Map.of("prompt", prompt, "output", "Content")).body();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        int answered = 0;
        int refused = 0;
        for (CompletableFuture<String> preview : previews) {
            String page = preview.join();
            answered += page.contains("class=\"answer\"") ? 1 : 0;
            refused += page.contains("used all 10 prompts") ? 1 : 0;
        }
        assertThat(answered).isEqualTo(10);
        assertThat(refused).isEqualTo(10);
        int used = Store.sqlite(folder).jdbi().withHandle(h -> h.createQuery("SELECT used FROM quota q JOIN accounts a ON a.id = q.account_id "
                + "WHERE a.email = :email").bind("email", ada.email).mapTo(Integer.class).one());
        assertThat(used).isEqualTo(10);
    }
}
