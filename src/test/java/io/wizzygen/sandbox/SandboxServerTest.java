package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.contract.NotionContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox at its edges, over raw HTTP as any Notion client would see it. */
class SandboxServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxServer sandbox;

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Answer call(SandboxServer server, String method, String path, String body, String token, String version) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (version != null) {
            request.header("Notion-Version", version);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response);
    }

    private static Answer call(String method, String path, String body) throws Exception {
        return call(sandbox, method, path, body, sandbox.token(), "2026-03-11");
    }

    private static String searchId(String title, String object) throws Exception {
        Answer found = call("POST", "/v1/search", "{\"query\":\"" + title + "\",\"filter\":{\"property\":\"object\",\"value\":\"" + object + "\"}}");
        return found.body().path("results").path(0).path("id").asText();
    }

    private static void assertDocumentedError(String method, String template, Answer answer) {
        assertThat(answer.raw().headers().firstValue("x-notion-request-id")).isPresent();
        assertThat(answer.body().path("object").asText()).isEqualTo("error");
        assertThat(NotionContract.load().responseProblems(method, template, "2026-03-11", answer.status(), answer.body())).isEmpty();
    }

    @Test
    void theTokenIsCheckedAndEveryAnswerCarriesARequestId() throws Exception {
        Answer ok = call("GET", "/v1/users/me", null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw().headers().firstValue("x-notion-request-id")).isPresent();
        assertThat(ok.raw().headers().firstValue("content-type").orElseThrow()).startsWith("application/json");

        for (String token : new String[] {null, "ntn_not_the_token"}) {
            Answer denied = call(sandbox, "GET", "/v1/users/me", null, token, "2026-03-11");
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.body().path("code").asText()).isEqualTo("unauthorized");
            assertThat(denied.body().path("message").asText()).isEqualTo("API token is invalid.");
            assertDocumentedError("GET", "/v1/pages/x", denied);
        }
    }

    @Test
    void theVersionHeaderIsRequiredAndOldVersionsCannotReachDataSources() throws Exception {
        Answer missing = call(sandbox, "GET", "/v1/users/me", null, sandbox.token(), null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("code").asText()).isEqualTo("missing_version");
        assertThat(missing.body().path("message").asText()).contains("Notion-Version header should be defined");
        assertDocumentedError("GET", "/v1/pages/x", missing);

        String topics = searchId("Topics", "data_source");
        Answer legacy = call(sandbox, "GET", "/v1/data_sources/" + topics, null, sandbox.token(), "2022-06-28");
        assertThat(legacy.status()).isEqualTo(400);
        assertThat(legacy.body().path("code").asText()).isEqualTo("invalid_request_url");
        assertThat(call(sandbox, "GET", "/v1/data_sources/" + topics, null, sandbox.token(), "2025-09-03").status()).isEqualTo(200);
    }

    @Test
    void idsThatAreNoRfcUuidAreRefusedNamingThePathParameter() throws Exception {
        Answer page = call("GET", "/v1/pages/12345678-1234-1234-1234-123456789abc", null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body().path("message").asText())
                .isEqualTo("path failed validation: path.page_id should be a valid uuid, instead was `\"12345678-1234-1234-1234-123456789abc\"`.");
        assertThat(call("GET", "/v1/blocks/AAA", null).body().path("message").asText()).contains("path.block_id should be a valid uuid");
        assertThat(call("GET", "/v1/databases/AAA", null).body().path("message").asText()).contains("path.database_id should be a valid uuid");
        assertThat(call("GET", "/v1/data_sources/AAA", null).body().path("message").asText()).contains("path.data_source_id should be a valid uuid");
        assertThat(call("GET", "/v1/pages/00000000-0000-0000-0000-000000000000", null).status()).as("the nil uuid is an id").isEqualTo(404);
    }

    @Test
    void everyBodyCarriesTheRequestIdOfItsHeader() throws Exception {
        for (Answer answer : List.of(call("GET", "/v1/users/me", null), call("GET", "/v1/pages/AAA", null), call("GET", "/v1/nothing", null))) {
            assertThat(answer.body().path("request_id").asText()).isEqualTo(answer.raw().headers().firstValue("x-notion-request-id").orElseThrow());
        }
    }

    @Test
    void idsAreAcceptedWithoutDashesAndAnsweredWithThem() throws Exception {
        String dashed = searchId("Sample page", "page");
        Answer page = call("GET", "/v1/pages/" + dashed.replace("-", "").toUpperCase(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("id").asText()).isEqualTo(dashed).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void objectsOutsideTheSharedTreeAreNotFoundInNotionsWords() throws Exception {
        String unknown = "0123456789ab4cde8f0123456789abcd";
        Answer missing = call("GET", "/v1/pages/" + unknown, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("code").asText()).isEqualTo("object_not_found");
        assertThat(missing.body().path("message").asText()).isEqualTo("Could not find page with ID: 01234567-89ab-4cde-8f01-23456789abcd."
                + " Make sure the relevant pages and databases are shared with your integration \"Wizzygen Sandbox\".");
        assertThat(missing.body().at("/additional_data/integration_id").asText()).isEqualTo(call("GET", "/v1/users/me", null).body().path("id").asText());
        assertDocumentedError("GET", "/v1/pages/x", missing);
        Answer dataSource = call("GET", "/v1/data_sources/" + unknown, null);
        assertThat(dataSource.body().path("message").asText()).as("Notion words a missing data source as a database")
                .startsWith("Could not find database with ID: 01234567-89ab-4cde-8f01-23456789abcd.");
        Answer search = call("POST", "/v1/search", "{\"query\":\"Private notes\"}");
        assertThat(search.body().path("results")).isEmpty();
    }

    @Test
    void limitsAreRejectedWithNotionsValidationMessagesAndNothingIsWritten() throws Exception {
        String sample = searchId("Sample page", "page");
        String page = call("POST", "/v1/pages", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"properties\":{\"title\":[{\"text\":{\"content\":\"Limits\"}}]}}")
                .body().path("id").asText();
        String tooLong = "{\"children\":[{\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":[{\"text\":{\"content\":\"" + "x".repeat(2001) + "\"}}]}}]}";
        Answer longText = call("PATCH", "/v1/blocks/" + page + "/children", tooLong);
        assertThat(longText.status()).isEqualTo(400);
        assertThat(longText.body().path("code").asText()).isEqualTo("validation_error");
        assertThat(longText.body().path("message").asText())
                .isEqualTo("body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.");
        assertDocumentedError("PATCH", "/v1/blocks/x/children", longText);

        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            blocks.add("{\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":[{\"text\":{\"content\":\"b" + i + "\"}}]}}");
        }
        Answer tooMany = call("PATCH", "/v1/blocks/" + page + "/children", "{\"children\":[" + String.join(",", blocks) + "]}");
        assertThat(tooMany.body().path("message").asText())
                .isEqualTo("body failed validation: body.children.length should be ≤ `100`, instead was `101`.");

        String deep = "{\"children\":[" + bullet(bullet(bullet(bullet(null)))) + "]}";
        Answer tooDeep = call("PATCH", "/v1/blocks/" + page + "/children", deep);
        assertThat(tooDeep.body().path("message").asText()).startsWith("body failed validation: body.children[0].bulleted_list_item"
                + ".children[0].bulleted_list_item.children[0].bulleted_list_item.children should be not present, instead was `");

        String nested = "{\"children\":[" + bullet(bullet(bullet(null))) + "]}";
        assertThat(call("PATCH", "/v1/blocks/" + page + "/children", nested).status()).as("two levels of children are allowed").isEqualTo(200);
        Answer children = call("GET", "/v1/blocks/" + page + "/children", null);
        assertThat(children.body().path("results")).hasSize(1);
    }

    private static String bullet(String child) {
        return "{\"type\":\"bulleted_list_item\",\"bulleted_list_item\":{\"rich_text\":[{\"text\":{\"content\":\"item\"}}]"
                + (child == null ? "" : ",\"children\":[" + child + "]") + "}}";
    }

    @Test
    void pagesAndBlocksAreSoftDeleted() throws Exception {
        String sample = searchId("Sample page", "page");
        Answer page = call("POST", "/v1/pages", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"properties\":{\"title\":{\"title\":[{\"text\":{\"content\":\"Soft\"}}]}}}");
        String pageId = page.body().path("id").asText();
        Answer appended = call("PATCH", "/v1/blocks/" + pageId + "/children", "{\"children\":[" + bullet(null) + "]}");
        String blockId = appended.body().path("results").path(0).path("id").asText();

        Answer deleted = call("DELETE", "/v1/blocks/" + blockId, null);
        assertThat(deleted.body().path("in_trash").asBoolean()).isTrue();
        assertThat(call("GET", "/v1/blocks/" + pageId + "/children", null).body().path("results")).isEmpty();
        assertThat(call("GET", "/v1/blocks/" + blockId, null).body().path("in_trash").asBoolean()).isTrue();

        Answer trashed = call("PATCH", "/v1/pages/" + pageId, "{\"in_trash\":true}");
        assertThat(trashed.body().path("in_trash").asBoolean()).isTrue();
        Answer older = call(sandbox, "GET", "/v1/pages/" + pageId, null, sandbox.token(), "2025-09-03");
        assertThat(older.body().path("archived").asBoolean()).isTrue();
        Answer restored = call(sandbox, "PATCH", "/v1/pages/" + pageId, "{\"archived\":false}", sandbox.token(), "2025-09-03");
        assertThat(restored.body().path("in_trash").asBoolean()).isFalse();
    }

    @Test
    void aBlockIsUpdatedInPlaceAndARestoredSubPageBringsItsBlockBack() throws Exception {
        String sample = searchId("Sample page", "page");
        String pageId = call("POST", "/v1/pages", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"properties\":{\"title\":[{\"text\":{\"content\":\"Updates\"}}]}}")
                .body().path("id").asText();
        String todo = call("PATCH", "/v1/blocks/" + pageId + "/children",
                "{\"children\":[{\"to_do\":{\"rich_text\":[{\"text\":{\"content\":\"Buy milk\"}}]}}]}").body().at("/results/0/id").asText();
        Answer checked = call("PATCH", "/v1/blocks/" + todo, "{\"to_do\":{\"checked\":true}}");
        assertThat(checked.body().at("/to_do/checked").asBoolean()).isTrue();
        assertThat(checked.body().at("/to_do/rich_text/0/plain_text").asText()).as("fields not given keep their values").isEqualTo("Buy milk");
        assertThat(call("PATCH", "/v1/blocks/" + todo, "{\"paragraph\":{\"rich_text\":[]}}").status()).as("the type cannot change").isEqualTo(400);

        assertThat(call("DELETE", "/v1/blocks/" + pageId, null).body().path("has_children").asBoolean())
                .as("a sub-page with content has children").isTrue();
        assertThat(call("GET", "/v1/pages/" + pageId, null).body().path("in_trash").asBoolean()).isTrue();
        call("PATCH", "/v1/pages/" + pageId, "{\"in_trash\":false}");
        assertThat(call("GET", "/v1/blocks/" + pageId, null).body().path("in_trash").asBoolean()).isFalse();
        assertThat(call("DELETE", "/v1/blocks/" + pageId, null).status()).as("the restored page's block can be deleted again").isEqualTo(200);
    }

    @Test
    void aDataSourceIsAddedAndItsSchemaExtendedRenamedAndPrunedWithItsRowsFollowing() throws Exception {
        String sample = searchId("Sample page", "page");
        Answer database = call("POST", "/v1/databases", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"title\":[{\"text\":{\"content\":\"Notes\"}}]}");
        assertThat(database.status()).isEqualTo(200);
        String dataSource = database.body().at("/data_sources/0/id").asText();
        assertThat(call("GET", "/v1/data_sources/" + dataSource, null).body().at("/properties/Name/type").asText())
                .as("without initial_data_source, a title called Name").isEqualTo("title");

        Answer extended = call("PATCH", "/v1/data_sources/" + dataSource,
                "{\"properties\":{\"Name\":{\"name\":\"Title\"},\"Tags\":{\"multi_select\":{\"options\":[{\"name\":\"a\"}]}},\"Notes\":{\"rich_text\":{}}}}");
        assertThat(extended.body().path("properties").fieldNames()).toIterable().containsExactly("Title", "Tags", "Notes");
        assertThat(extended.body().at("/properties/Tags/multi_select/options/0/id").asText()).matches("[0-9a-f-]{36}");
        String row = call("POST", "/v1/pages", "{\"parent\":{\"data_source_id\":\"" + dataSource + "\"},\"properties\":{\"Title\":{\"title\":"
                + "[{\"text\":{\"content\":\"One\"}}]},\"Notes\":{\"rich_text\":[{\"text\":{\"content\":\"kept?\"}}]}}}").body().path("id").asText();

        call("PATCH", "/v1/data_sources/" + dataSource, "{\"properties\":{\"Notes\":null}}");
        Answer page = call("GET", "/v1/pages/" + row, null);
        assertThat(page.body().path("properties").fieldNames()).toIterable().containsExactly("Title", "Tags");
        assertThat(call("PATCH", "/v1/data_sources/" + dataSource, "{\"properties\":{\"Title\":null}}").status())
                .as("a data source keeps its one title").isEqualTo(400);

        Answer second = call("POST", "/v1/data_sources", "{\"parent\":{\"database_id\":\"" + database.body().path("id").asText() + "\"},"
                + "\"title\":[{\"text\":{\"content\":\"Archive\"}}],\"properties\":{\"Name\":{\"title\":{}}}}");
        assertThat(second.status()).isEqualTo(200);
        assertThat(call("GET", "/v1/databases/" + database.body().path("id").asText(), null).body().path("data_sources").findValuesAsText("name"))
                .containsExactly("Notes", "Archive");
    }

    @Test
    void aTokenOverItsRateIsAnswered429WithRetryAfter() throws Exception {
        try (SandboxServer limited = SandboxServer.start(SandboxOptions.defaults().withRateLimit(3))) {
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(call(limited, "GET", "/v1/users/me", null, limited.token(), "2026-03-11"));
            }
            Answer rejected = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
            assertThat(answers.stream().filter(a -> a.status() == 200).count()).isBetween(3L, 5L);
            assertThat(rejected.body().path("code").asText()).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(rejected.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertDocumentedError("GET", "/v1/pages/x", rejected);
        }
    }

    @Test
    void aDataFolderKeepsTheWorkspaceAcrossRestarts(@TempDir Path data) throws Exception {
        String pageId;
        try (SandboxServer first = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0).withDataDir(data))) {
            String sample = call(first, "POST", "/v1/search", "{\"query\":\"Sample page\"}", first.token(), "2026-03-11")
                    .body().path("results").path(0).path("id").asText();
            pageId = call(first, "POST", "/v1/pages", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"properties\":{\"title\":[{\"text\":{\"content\":\"Kept\"}}]}}",
                    first.token(), "2026-03-11").body().path("id").asText();
        }
        try (SandboxServer second = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0).withDataDir(data))) {
            Answer page = call(second, "GET", "/v1/pages/" + pageId, null, second.token(), "2026-03-11");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().at("/properties/title/title/0/plain_text").asText()).isEqualTo("Kept");
        }
    }

    @Test
    void theViewerShowsPagesAndDatabasesWithContentEscaped() throws Exception {
        String sample = searchId("Sample page", "page");
        Answer page = call("POST", "/v1/pages", "{\"parent\":{\"page_id\":\"" + sample + "\"},\"properties\":{\"title\":[{\"text\":{\"content\":\"Viewer\"}}]}}");
        String pageId = page.body().path("id").asText();
        call("PATCH", "/v1/blocks/" + pageId + "/children",
                "{\"children\":[{\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":[{\"text\":{\"content\":\"<script>alert(1)</script>\"}}]}}]}");

        String html = HTTP.send(HttpRequest.newBuilder(URI.create(page.body().path("url").asText())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");

        String home = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(home).contains("Wizzygen Sandbox", "Connections", "Topics", "Sample page");
        String topics = call("GET", "/v1/databases/" + call("GET", "/v1/data_sources/" + searchId("Topics", "data_source"), null)
                .body().at("/parent/database_id").asText(), null).body().path("url").asText();
        String table = HTTP.send(HttpRequest.newBuilder(URI.create(topics)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(table).contains("<table", "Learning is fun", "Notion is best tool", "Social media is a boon", "AI Status");
    }

    @Test
    void unknownApiPathsAreInvalidRequestUrls() throws Exception {
        Answer answer = call("GET", "/v1/nothing/here", null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("code").asText()).isEqualTo("invalid_request_url");
    }
}
