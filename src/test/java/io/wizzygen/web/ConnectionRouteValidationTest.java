package io.wizzygen.web;

import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.wizzygen.web.DemoHttp.encode;
import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.inputValue;
import static io.wizzygen.web.DemoHttp.queryParam;
import static io.wizzygen.web.DemoHttp.randomHex;
import static io.wizzygen.web.DemoHttp.text;
import static io.wizzygen.web.DemoHttp.textarea;
import static io.wizzygen.web.DemoHttp.unescape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes of one connection over plain HTTP, against the demo: Generate and "Test on first 3 rows" refuse what
 * cannot run (and then run nothing and keep what was typed), row edits of unknown rows, Delete of unknown connections.
 */
class ConnectionRouteValidationTest {

    private static DemoHttp web;
    /** A blank page shared with the integration, and a page connection on it. */
    private static Page blankPage;
    private static String pageConnection;
    /** A database connection on the seeded "Topics" database. */
    private static String topicsConnection;

    @BeforeAll
    static void start() {
        web = DemoHttp.start();
        blankPage = web.notion.createChildPage(NotionId.ofHex(web.demo.sandbox().rootPageId()), "Validation target");
        pageConnection = web.createConnection("Validation page", "Notion Page", blankPage.url());
        topicsConnection = web.createConnection("Validation topics", "Notion Database", web.linkOf("Topics"));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void generatingAPageWithAnEmptyPromptIsRefusedAndRunsNothing() {
        HttpResponse<String> answer = web.post("/connections/" + pageConnection + "/generate", form("prompt", "  \n ", "mode", "append",
                "temperature", ""));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(text(answer.body())).contains("Write what the page should contain, e.g. \"Write me a blog on Notion in 100 words\".");
        assertThat(answer.body()).as("no run is followed").doesNotContain("data-run=\"");
        assertThat(web.notion.listBlockChildren(blankPage.id()).toList()).as("nothing was written to the page").isEmpty();
        assertThat(web.get("/connections/" + pageConnection).body()).as("no run is going").doesNotContain("data-run=\"");
        assertThat(text(web.get("/").body())).as("no run is listed on Home").doesNotContain("Validation page");
    }

    @Test
    void generatingWithATemperatureOutsideZeroToTwoIsRefusedAndKeepsWhatWasTyped() {
        for (String temperature : List.of("3", "-0.5", "warm")) {
            HttpResponse<String> answer = web.post("/connections/" + pageConnection + "/generate", form("prompt", "Write a haiku about tea",
                    "mode", "replace", "withPageText", "on", "model", "demo", "temperature", temperature));
            assertThat(answer.statusCode()).as(temperature).isEqualTo(400);
            assertThat(text(answer.body())).contains("The temperature is a number from 0 (focused) to 2 (creative), e.g. 0.7");
            assertThat(textarea(answer.body(), "prompt")).isEqualTo("Write a haiku about tea");
            assertThat(inputValue(answer.body(), "temperature")).isEqualTo(temperature);
            assertThat(inputValue(answer.body(), "model")).isEqualTo("demo");
            assertThat(answer.body()).contains("value=\"replace\" checked").contains("name=\"withPageText\" value=\"on\" checked");
            assertThat(answer.body()).doesNotContain("data-run=\"");
        }
        assertThat(web.notion.listBlockChildren(blankPage.id()).toList()).isEmpty();
        assertThat(textarea(web.get("/connections/" + pageConnection).body(), "prompt")).as("a refused prompt is not saved").isEmpty();
    }

    @Test
    void generatingOrPreviewingADatabaseWithAnEmptyPromptIsRefused() {
        HttpResponse<String> generate = web.post("/connections/" + topicsConnection + "/generate", form("prompt", "", "output", "Content",
                "checkbox", "Generate"));
        assertThat(generate.statusCode()).isEqualTo(400);
        assertThat(text(generate.body())).contains("Write what each row should get, e.g. \"Translate the topic to Japanese\"");
        assertThat(generate.body()).doesNotContain("data-run=\"");

        HttpResponse<String> preview = web.post("/connections/" + topicsConnection + "/preview", form("prompt", " ", "output", "Content"));
        assertThat(preview.statusCode()).isEqualTo(400);
        assertThat(text(preview.body())).contains("Write the prompt first");
        assertThat(preview.body()).doesNotContain("Test on first 3 rows (nothing written)");
    }

    @Test
    void generatingIntoAnOutputThatIsNoPropertyIsRefusedAndKeepsThePrompt() {
        HttpResponse<String> answer = web.post("/connections/" + topicsConnection + "/generate", form("prompt", "Summarise {{Topic}}",
                "output", "Nonexistent", "checkbox", "Generate"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("Nonexistent");
        assertThat(textarea(answer.body(), "prompt")).isEqualTo("Summarise {{Topic}}");
        assertThat(answer.body()).doesNotContain("data-run=\"");
    }

    @Test
    void editingAnUnknownRowAnswers404AndAMalformedRowIdAnswers400() {
        HttpResponse<String> unknown = web.post("/connections/" + topicsConnection + "/rows/" + UUID.randomUUID().toString().replace("-", ""), form("field", "title", "value", "Renamed"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Notion could not find that page or database");

        HttpResponse<String> malformed = web.post("/connections/" + topicsConnection + "/rows/not-a-row", form("field", "tick", "ticked", "on"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not-a-row");
    }

    @Test
    void aCellEditCannotReachAPageOutsideTheConnectionsDatabase() {
        io.wizzygen.notion.Page outsider = web.notion.createChildPage(web.source("Sample page").id(), "Not a row " + randomHex().substring(0, 6));
        HttpResponse<String> answer = web.post("/connections/" + topicsConnection + "/rows/" + outsider.id().compact(),
                form("field", "title", "value", "Renamed through another database"));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("not in this database");
        assertThat(web.notion.retrievePage(outsider.id()).title()).startsWith("Not a row");
    }

    @Test
    void addingARowWithoutATitleIsRefused() {
        HttpResponse<String> answer = web.post("/connections/" + topicsConnection + "/rows", form("title", "   "));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body())).contains("Type the new row's Topic first.");
    }

    @Test
    void theDeleteConfirmationOfAnUnknownConnectionIsNotFoundAndDeletesNothing() {
        HttpResponse<String> confirm = web.get("/connections/" + UUID.randomUUID() + "/delete");
        assertThat(confirm.statusCode()).isEqualTo(404);
        assertThat(text(confirm.body())).contains("There is no such connection").doesNotContain("Delete \"");
        assertThat(web.post("/connections/" + UUID.randomUUID() + "/delete", Map.of()).statusCode()).isEqualTo(404);
        assertThat(web.get("/connections/" + pageConnection).statusCode()).isEqualTo(200);
        assertThat(text(web.get("/connections/" + pageConnection + "/delete").body())).contains("Delete \"Validation page\"?");
    }

    @Test
    void sortingKeepsAFilterThatContainsAnAmpersandOrAHash() {
        for (String filter : List.of("R&D", "C# notes")) {
            web.createConnection(filter + " page", "Notion Page", blankPage.url());
            String page = web.get("/connections?q=" + encode(filter)).body();
            assertThat(inputValue(page, "q")).isEqualTo(filter);
            Matcher link = Pattern.compile("<a href=\"(/connections\\?sort=type[^\"]*)\"").matcher(page);
            assertThat(link.find()).as("the Type column's sort link").isTrue();
            URI target = URI.create(web.origin()).resolve(unescape(link.group(1)));
            assertThat(queryParam(target.getRawQuery(), "q")).as(filter).isEqualTo(filter);
        }
    }
}
