package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.SearchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.wizzygen.web.DemoHttp.JSON;
import static io.wizzygen.web.DemoHttp.encode;
import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.runIdOf;
import static io.wizzygen.web.DemoHttp.sseEvents;
import static io.wizzygen.web.DemoHttp.textarea;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Markup typed by the user, stored in Notion and echoed by the AI is shown as text on every page, never run:
 * {@code <script>}, an {@code <img onerror>} and a {@code javascript:} link, through the demo over plain HTTP. One
 * test on purpose: the demo's Notion allows 3 requests per second, and the setup (rows, connections, a run) is shared.
 */
class RouteEscapingTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";
    private static final String JS_LINK = "javascript:alert(1)";
    private static final String SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

    private static DemoHttp web;

    @BeforeAll
    static void start() {
        web = DemoHttp.start();
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void markupFromTheUserNotionAndTheAiIsShownAsTextAndJavascriptLinksAreNeverLinked() throws Exception {
        NotionId root = NotionId.ofHex(web.demo.sandbox().rootPageId());
        // From Notion: a page title, a database title and a row's title, written there directly.
        Page notionPage = web.notion.createChildPage(root, SCRIPT + " page");
        Database notionDatabase = web.notion.createDatabase(root, IMG + " database", List.of(PropertySchema.of("Name", "title"),
                PropertySchema.of("Done", "checkbox")));
        SearchResult topics = web.source("Topics");
        for (Page seeded : web.notion.queryDataSource(topics.id(), Query.all()).toList()) {
            web.notion.updatePage(seeded.id(), Map.of("Generate", new PropertyValue.Checkbox(false)));
        }
        web.notion.createPage(topics.id(), Map.of("Topic", new PropertyValue.Title(SCRIPT + " </textarea> from Notion"),
                "Generate", new PropertyValue.Checkbox(true)));
        // A row added to the Connections database in Notion, whose URL is a javascript: link.
        web.notion.createPage(web.source("Connections").id(), Map.of("Name", new PropertyValue.Title("Imported " + IMG),
                "Type", new PropertyValue.Select("Notion Page"), "URL", new PropertyValue.Url(JS_LINK), "Prompt", new PropertyValue.Text(SCRIPT)));

        // From the user: a connection name, a row added in the app, a prompt (which the demo engine echoes into its answers).
        String name = SCRIPT + " " + IMG;
        String database = web.createConnection(name, "Notion Database", topics.url());
        assertThat(web.post("/connections/" + database + "/rows", form("title", IMG + " typed in the app")).statusCode()).isEqualTo(303);
        String prompt = SCRIPT + " </textarea> " + IMG + " " + JS_LINK + " about {{Topic}}";

        HttpResponse<String> preview = web.post("/connections/" + database + "/preview", form("prompt", prompt, "output", "Content",
                "checkbox", "Generate"));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertEscaped(preview.body(), "preview");
        assertThat(preview.body()).contains("Test on first 3 rows (nothing written)").contains(SCRIPT_ESCAPED + " &lt;/textarea&gt; from Notion")
                .contains(IMG_ESCAPED + " typed in the app");

        String run = runIdOf(web.post("/connections/" + database + "/generate", form("prompt", prompt, "output", "Content", "checkbox", "Generate")));
        JsonNode finished = web.awaitRun(run);
        JsonNode done = finished.path("events").get(finished.path("events").size() - 1).path("data");
        assertThat(done.path("ok").asBoolean()).as(done.toString()).isTrue();
        assertThat(done.path("written").asInt()).isEqualTo(2);

        // JSON and SSE carry the markup as data, in types a browser never renders as a page (and may not sniff).
        HttpResponse<String> snapshot = web.get("/runs/" + run);
        assertThat(snapshot.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(snapshot.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        List<String> titles = new ArrayList<>();
        JSON.readTree(snapshot.body()).path("events").forEach(e -> titles.add(e.path("data").path("title").asText("")));
        assertThat(titles).contains(SCRIPT + " </textarea> from Notion", IMG + " typed in the app");
        HttpResponse<String> events = web.events(run);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(events.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(sseEvents(events.body(), "row")).extracting(e -> e.path("output").asText(""))
                .anySatisfy(output -> assertThat(output).contains(SCRIPT));

        // The HTML pages that show them.
        String connection = web.get("/connections/" + database + "?run=" + encode(run)).body();
        assertEscaped(connection, "database connection (rows, answers, prompt)");
        assertThat(connection).contains(IMG_ESCAPED.replace("&gt;", ">") + " typed in the app");
        assertThat(connection).as("the AI's answer in the output column").containsPattern("<td class=\"output\"[^>]*>[^<]*" + Pattern.quote(SCRIPT_ESCAPED));
        assertThat(textarea(connection, "prompt")).isEqualTo(prompt);
        String list = web.get("/connections?q=" + encode(SCRIPT)).body();
        assertEscaped(list, "connections list filtered by markup");
        assertThat(list).contains(SCRIPT_ESCAPED + " " + IMG_ESCAPED);
        Matcher imported = Pattern.compile("<a href=\"/connections/([0-9a-f-]{36})\">Imported " + Pattern.quote(IMG_ESCAPED) + "</a>").matcher(list);
        assertThat(imported.find()).as("the row added in Notion is listed").isTrue();
        assertThat(list).as("its javascript: link is shown, never linked").contains(">" + JS_LINK + "</a>");
        assertEscaped(web.get("/connections/" + imported.group(1)).body(), "a connection imported with a javascript: link");
        assertEscaped(web.get("/").body(), "home (recent runs)");
        assertEscaped(web.get("/connections/" + database + "/delete").body(), "delete confirmation");
        assertEscaped(web.get("/create/places").body(), "create's sample places (shared pages)");
        assertEscaped(web.get("/settings/pages").body(), "settings' Create it for me (shared pages)");
        HttpResponse<String> wrongKind = web.post("/create", form("name", IMG, "type", "Notion Page", "template", "own", "url", notionDatabase.url()));
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertEscaped(wrongKind.body(), "a database title in a Create error");
        assertThat(wrongKind.body()).contains("This link is a Notion Database (\"" + IMG_ESCAPED + " database\")");
        HttpResponse<String> typedLink = web.post("/create", form("name", SCRIPT, "type", "Notion Page", "template", "own", "url", JS_LINK));
        assertThat(typedLink.statusCode()).isEqualTo(400);
        assertEscaped(typedLink.body(), "a javascript: link typed in Create");
        assertEscaped(web.post("/settings", form("connectionsDatabase", SCRIPT, "engine", IMG, "model", SCRIPT, "baseUrl", JS_LINK)).body(),
                "refused settings");
        HttpResponse<String> notFound = web.get("/" + encode(IMG).replace("+", "%20"));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertNoRawMarkup(notFound.body(), "404 of a path with markup");

        // A page connection named with markup (its page's title in Notion is markup too), and a run id reflected into it.
        String page = web.createConnection(IMG, "Notion Page", notionPage.url());
        String pageView = web.get("/connections/" + page + "?run=" + encode("\"><script>alert(1)</script>")).body();
        assertEscaped(pageView, "page connection with a reflected run id");
        assertThat(pageView).contains("<h1>" + IMG_ESCAPED + "</h1>").contains("data-run=\"&#34;>&lt;script>alert(1)&lt;/script>\"");
    }

    private static void assertEscaped(String html, String where) {
        assertNoRawMarkup(html, where);
        assertThat(html).as(where + " shows the markup as text").containsAnyOf(SCRIPT_ESCAPED, IMG_ESCAPED, "&lt;script>alert(1)", "&lt;img src=x");
    }

    private static void assertNoRawMarkup(String html, String where) {
        assertThat(html).as(where).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("\"><script")
                .doesNotContainIgnoringCase("href=\"javascript:").doesNotContainIgnoringCase("href='javascript:")
                .doesNotContainIgnoringCase("src=\"javascript:").doesNotContainIgnoringCase("action=\"javascript:");
    }
}
