package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.notion.NotionIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.wizzygen.web.DemoHttp.encode;
import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.inputValue;
import static io.wizzygen.web.DemoHttp.randomHex;
import static io.wizzygen.web.DemoHttp.selectedOption;
import static io.wizzygen.web.DemoHttp.sseEvents;
import static io.wizzygen.web.DemoHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's routes over plain HTTP, against the demo: the security headers on every answer, cross-site POSTs
 * refused, unknown things answered 404, and the validation of Create and Settings — the status, the message the
 * user reads, what a refused form keeps, and that secrets never come back. (The connection routes' validation is
 * in {@link ConnectionRouteValidationTest}, escaping in {@link RouteEscapingTest}: the demo's Notion allows
 * 3 requests per second, so each class stays small enough to run in seconds.)
 */
class RouteValidationTest {

    private static DemoHttp web;
    private static String connectionsDatabase;
    private static String topics;
    private static String samplePage;

    @BeforeAll
    static void start() {
        web = DemoHttp.start();
        connectionsDatabase = web.linkOf("Connections");
        topics = web.linkOf("Topics");
        samplePage = web.linkOf("Sample page");
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    // ---------------------------------------------------------------- security headers and cross-site requests

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        for (String path : List.of("/", "/create", "/connections", "/settings", "/upgrade", "/feedback", "/settings/clear")) {
            HttpResponse<String> page = web.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertSecurityHeaders(page, path);
        }
    }

    @Test
    void errorAnswersCarryTheSecurityHeadersToo() {
        assertSecurityHeaders(web.get("/no-such-page"), "404 page");
        assertSecurityHeaders(web.get("/connections/" + UUID.randomUUID()), "unknown connection");
        assertSecurityHeaders(web.get("/runs/" + UUID.randomUUID()), "unknown run");
        assertSecurityHeaders(web.events(UUID.randomUUID().toString()), "events of an unknown run");
        assertSecurityHeaders(web.post("/create", form("name", "")), "refused form");
        assertSecurityHeaders(web.postWith("/settings/clear", Map.of(), "Origin", "https://evil.example"), "cross-site refusal");
    }

    @Test
    void aPostFromAnotherSiteIsRefusedAndChangesNothing() {
        HttpResponse<String> clear = web.postWith("/settings/clear", Map.of(), "Origin", "https://evil.example");
        assertThat(clear.statusCode()).isEqualTo(403);
        assertThat(clear.body()).contains("Refused: this form was sent from another site");

        HttpResponse<String> save = web.postWith("/settings", form("connectionsDatabase", "", "engine", "gemini"), "Origin", "https://evil.example");
        assertThat(save.statusCode()).isEqualTo(403);

        String settings = web.get("/settings").body();
        assertThat(inputValue(settings, "connectionsDatabase")).isEqualTo(connectionsDatabase);
        assertThat(selectedOption(settings, "engine")).isEqualTo("demo");
    }

    @Test
    void aPostFromTheSameHostOnAnotherPortOrFromAnOpaqueOriginIsRefused() {
        assertThat(web.postWith("/create", form("name", ""), "Origin", "http://localhost:1").statusCode()).isEqualTo(403);
        assertThat(web.postWith("/create", form("name", ""), "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(web.postWith("/create", form("name", ""), "Origin", "not a url at all").statusCode()).isEqualTo(403);
        assertThat(web.post("/create", form("name", "")).statusCode()).as("the same form from the app itself is only validated").isEqualTo(400);
    }

    @Test
    void aPostMarkedCrossSiteByFetchMetadataIsRefusedEvenWithoutOrigin() {
        HttpResponse<String> answer = web.postWith("/create", form("name", ""), "Sec-Fetch-Site", "cross-site");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("Refused");
        assertThat(web.postWith("/create", form("name", ""), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- not found

    @Test
    void anUnknownPathAnswersTheNotFoundPage() {
        HttpResponse<String> page = web.get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Not found · Wizzygen</title>").contains("<h1>Not found</h1>").contains("/no-such-page")
                .contains("<a href=\"/\">Back to Home</a>");
    }

    @Test
    void anUnknownPathSaysInPlainWordsThatThereIsNoSuchPage() {
        String page = text(web.get("/no-such-page").body());
        assertThat(page).contains("There is no page at /no-such-page.").doesNotContain("Endpoint GET");
    }

    @Test
    void anUnknownConnectionAnswers404OnEveryRouteOfIt() {
        String id = UUID.randomUUID().toString();
        List<HttpResponse<String>> answers = List.of(web.get("/connections/" + id), web.get("/connections/" + id + "/delete"),
                web.post("/connections/" + id + "/delete", Map.of()), web.post("/connections/" + id + "/generate", form("prompt", "Write a poem")),
                web.post("/connections/" + id + "/preview", form("prompt", "Write a poem")),
                web.post("/connections/" + id + "/rows", form("title", "A row")),
                web.post("/connections/" + id + "/rows/" + randomHex(), form("field", "title", "value", "x")));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri()).isEqualTo(404);
            assertThat(answer.body()).as(answer.uri().toString()).contains("There is no such connection (it may have been deleted).");
        }
    }

    @Test
    void anUnknownRunAnswers404AndItsEventsEndAtOnceSayingItIsNotKnown() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> snapshot = web.get("/runs/" + id);
        assertThat(snapshot.statusCode()).isEqualTo(404);
        assertThat(snapshot.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(snapshot.body()).isEqualTo("No such run.");

        // An EventSource cannot read the body of a 404, so the stream answers one "done" event saying why, then ends.
        HttpResponse<String> events = web.events(id);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> done = sseEvents(events.body(), "done");
        assertThat(done).hasSize(1);
        assertThat(done.getFirst().path("ok").asBoolean(true)).isFalse();
        assertThat(done.getFirst().path("message").asText()).contains("This run is not known");
        assertThat(sseEvents(events.body(), "text")).isEmpty();
    }

    // ---------------------------------------------------------------- Create

    @Test
    void createWithAnEmptyNameIsRefusedAndKeepsTheLinkTyped() {
        HttpResponse<String> answer = web.post("/create", form("name", "   ", "type", "Notion Page", "template", "own", "url", samplePage));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("Give the connection a name, e.g. \"Blog drafts\".");
        assertThat(inputValue(answer.body(), "url")).isEqualTo(samplePage);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void createWithALinkThatIsNotNotionNamesTheProblemAndShowsAnExample() {
        HttpResponse<String> answer = web.post("/create", form("name", "My blog", "type", "Notion Page", "template", "own",
                "url", "https://example.com/my-page"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("This is not a Notion link.").contains("it looks like " + NotionIds.EXAMPLE);
        assertThat(inputValue(answer.body(), "name")).isEqualTo("My blog");
        assertThat(inputValue(answer.body(), "url")).isEqualTo("https://example.com/my-page");

        HttpResponse<String> empty = web.post("/create", form("name", "My blog", "type", "Notion Database", "template", "own", "url", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(text(empty.body())).contains("Paste the link of your database").contains("Example: " + NotionIds.EXAMPLE);
        assertThat(selectedOption(empty.body(), "type")).isEqualTo("Notion Database");
    }

    @Test
    void theLinkCheckAsTypedSaysWhetherItIsANotionLink() {
        HttpResponse<String> bad = web.get("/create/check?url=" + encode("https://example.com/x"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(text(bad.body())).contains("✗").contains("This is not a Notion link").contains(NotionIds.EXAMPLE);
        assertThat(text(web.get("/create/check?url=" + encode(samplePage)).body())).contains("✓ Looks like a Notion link");
        assertThat(text(web.get("/create/check?url=").body())).contains("Paste the link of a Notion page or database");
    }

    @Test
    void createWithAPageNotSharedWithTheIntegrationSaysToShareIt() {
        String notShared = "https://www.notion.so/Private-" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> answer = web.post("/create", form("name", "Private page", "type", "Notion Page", "template", "own", "url", notShared));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("Notion could not find that page or database. Share the page with your integration");
        assertThat(answer.body()).contains("&lt;integration name&gt;").doesNotContain("<integration name>");
        assertThat(inputValue(answer.body(), "url")).isEqualTo(notShared);
        assertThat(inputValue(answer.body(), "name")).isEqualTo("Private page");
    }

    @Test
    void createAsAPageWithADatabaseLinkSaysItIsADatabase() {
        HttpResponse<String> answer = web.post("/create", form("name", "Wrong type", "type", "Notion Page", "template", "own", "url", topics));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("This link is a Notion Database (\"Topics\"): choose \"Notion Database\" as the type, "
                + "or paste the link of a page.");
    }

    @Test
    void createAsADatabaseWithAPageLinkSaysItIsAPage() {
        HttpResponse<String> answer = web.post("/create", form("name", "Wrong type", "type", "Notion Database", "template", "own", "url", samplePage));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("This link is a Notion Page (\"Sample page\"): choose \"Notion Page\" as the type, "
                + "or paste the link of a database.");
        assertThat(selectedOption(answer.body(), "type")).isEqualTo("Notion Database");
    }

    @Test
    void createTheSampleWithoutAPlaceForItIsRefused() {
        HttpResponse<String> sample = web.post("/create", form("name", "Sample", "type", "Notion Page", "template", "sample", "parentPage", ""));
        assertThat(sample.statusCode()).isEqualTo(400);
        assertThat(text(sample.body())).contains("Choose the page to create the sample in");
        assertThat(inputValue(sample.body(), "name")).isEqualTo("Sample");
    }

    @Test
    void createWithAnUnknownTypeSaysWhichTypesThereAre() {
        HttpResponse<String> type = web.post("/create", form("name", "Odd", "type", "Spreadsheet", "template", "own", "url", samplePage));
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat(text(type.body())).contains("Choose the type: Notion Page or Notion Database.");
    }

    // ---------------------------------------------------------------- Settings

    @Test
    void savingABadConnectionsDatabaseLinkIsRefusedAndKeepsEverythingTyped() {
        HttpResponse<String> answer = web.post("/settings", form("connectionsDatabase", "https://example.com/my-connections", "engine", "gemini",
                "model", "gemini-typed-model", "baseUrl", "", "apiKey", "", "notionSecret", ""));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("This is not a Notion link. Copy the Connections database's link in Notion")
                .contains("for example " + NotionIds.EXAMPLE);
        assertThat(inputValue(answer.body(), "connectionsDatabase")).isEqualTo("https://example.com/my-connections");
        assertThat(selectedOption(answer.body(), "engine")).isEqualTo("gemini");
        assertThat(inputValue(answer.body(), "model")).isEqualTo("gemini-typed-model");

        String saved = web.get("/settings").body();
        assertThat(inputValue(saved, "connectionsDatabase")).as("nothing was saved").isEqualTo(connectionsDatabase);
        assertThat(selectedOption(saved, "engine")).isEqualTo("demo");
    }

    @Test
    void anOpenAiCompatibleEngineWithoutABaseUrlIsRefused() {
        HttpResponse<String> answer = web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "openai-compatible",
                "model", "llama3.2", "baseUrl", ""));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("An OpenAI-compatible engine needs the base URL of its server, e.g. http://localhost:11434/v1");
        assertThat(selectedOption(answer.body(), "engine")).isEqualTo("openai-compatible");
        assertThat(inputValue(answer.body(), "model")).isEqualTo("llama3.2");
        assertThat(selectedOption(web.get("/settings").body(), "engine")).as("nothing was saved").isEqualTo("demo");
    }

    @Test
    void aBaseUrlThatIsNotHttpAndAnUnknownEngineAreRefused() {
        HttpResponse<String> scheme = web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "openai-compatible",
                "baseUrl", "ftp://localhost:11434/v1"));
        assertThat(scheme.statusCode()).isEqualTo(400);
        assertThat(text(scheme.body())).contains("The base URL must start with http:// or https://");
        assertThat(inputValue(scheme.body(), "baseUrl")).isEqualTo("ftp://localhost:11434/v1");

        HttpResponse<String> engine = web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "skynet"));
        assertThat(engine.statusCode()).isEqualTo(400);
        assertThat(text(engine.body())).contains("Unknown AI engine \"skynet\": use one of");
    }

    @Test
    void secretsTypedIntoARefusedFormAreKeptSavedAndNotSentBack() {
        String typedKey = "sk-typed-never-echoed-" + UUID.randomUUID() + "K3Y9";
        String typedSecret = "ntn_typed_never_echoed_" + UUID.randomUUID();
        try {
            HttpResponse<String> answer = web.post("/settings", form("connectionsDatabase", "not a link", "engine", "openai",
                    "apiKey", typedKey, "notionSecret", typedSecret));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).doesNotContain(typedKey).doesNotContain(typedSecret);
            assertThat(inputValue(answer.body(), "connectionsDatabase")).isEqualTo("not a link");
            assertThat(selectedOption(answer.body(), "engine")).isEqualTo("openai");
            assertThat(text(answer.body())).as("nothing typed is lost").contains("The secret you typed is saved (encrypted)")
                    .contains("Saved key: ••••K3Y9");
        } finally {
            web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "demo", "notionSecret", web.demo.sandbox().token()));
        }
    }

    @Test
    void savedSecretsAreNeverSentBackOnlyTheirLastFourCharacters() {
        String token = web.demo.sandbox().token();
        String apiKey = "sk-route-test-" + UUID.randomUUID().toString().replace("-", "") + "WXYZ";
        try {
            HttpResponse<String> saved = web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "demo",
                    "model", "", "baseUrl", "", "apiKey", apiKey, "notionSecret", ""));
            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).hasValue("/settings?saved=1");

            String settings = web.get("/settings?saved=1").body();
            assertThat(text(settings)).contains("Settings saved.").contains("Saved key: ••••WXYZ")
                    .contains("Saved secret: ••••" + token.substring(token.length() - 4));
            assertThat(inputValue(settings, "apiKey")).isEmpty();
            assertThat(inputValue(settings, "notionSecret")).isEmpty();
            List<String> pages = new ArrayList<>(List.of(settings, web.get("/").body(), web.get("/create").body(),
                    web.post("/settings/test/ai", form("engine", "demo")).body(),
                    web.postHtmx("/settings/test/notion", form("engine", "demo")).body(),
                    web.post("/settings", form("connectionsDatabase", "bad link", "engine", "demo")).body()));
            for (String page : pages) {
                assertThat(page).doesNotContain(apiKey).doesNotContain(apiKey.substring(0, apiKey.length() - 4)).doesNotContain(token);
            }
            assertThat(text(pages.get(4))).as("the saved secret is what the Test button checks").contains("✓ Connected to Notion as");

            HttpResponse<String> blank = web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "demo", "apiKey", "",
                    "notionSecret", ""));
            assertThat(blank.statusCode()).isEqualTo(303);
            assertThat(text(web.get("/settings").body())).as("empty secret fields keep the saved secrets").contains("Saved key: ••••WXYZ")
                    .contains("Saved secret: ••••");
        } finally {
            web.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "demo"));
        }
    }

    @Test
    void testingAWrongNotionSecretSaysSoAndNeitherEchoesNorSavesIt() {
        String token = web.demo.sandbox().token();
        String wrong = "ntn_wrong_" + UUID.randomUUID();
        HttpResponse<String> fragment = web.postHtmx("/settings/test/notion", form("engine", "demo", "notionSecret", wrong));
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(text(fragment.body())).contains("✗ The Notion secret is invalid");
        assertThat(fragment.body()).doesNotContain(wrong);

        HttpResponse<String> page = web.post("/settings/test/notion", form("connectionsDatabase", connectionsDatabase, "engine", "demo",
                "model", "typed-model", "notionSecret", wrong));
        assertThat(text(page.body())).contains("✗ The Notion secret is invalid");
        assertThat(inputValue(page.body(), "model")).as("a Test keeps what was typed").isEqualTo("typed-model");
        assertThat(page.body()).doesNotContain(wrong);
        String settings = web.get("/settings").body();
        assertThat(text(settings)).as("a Test saves nothing").contains("Saved secret: ••••" + token.substring(token.length() - 4));
        assertThat(inputValue(settings, "model")).isEmpty();
    }

    private static void assertSecurityHeaders(HttpResponse<String> answer, String where) {
        String csp = answer.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as(where + ": CSP").contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(where).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).as(where).hasValue("DENY");
        assertThat(answer.headers().firstValue("Referrer-Policy")).as(where).hasValueSatisfying(policy ->
                assertThat(policy).isIn("same-origin", "no-referrer", "strict-origin", "strict-origin-when-cross-origin"));
    }
}
