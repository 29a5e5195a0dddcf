package io.wizzygen.web;

import io.wizzygen.notion.NotionId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.randomHex;
import static io.wizzygen.web.DemoHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The routes behind the pages' htmx parts: the lazy page lists (kept briefly), Add row's fragment, refused boosted forms. */
class LazyListsAndFragmentsTest {

    private static DemoHttp web;

    @BeforeAll
    static void start() {
        web = DemoHttp.start();
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void settingsAndCreateRenderWithoutThePageListWhichIsLoadedOnItsOwnAndKeptBriefly() {
        assertThat(web.get("/settings").body()).contains("Create it for me").doesNotContain("Sample page");
        assertThat(web.get("/create").body()).doesNotContain("Sample page");

        String first = web.get("/settings/pages").body();
        assertThat(text(first)).contains("Page for the Connections database", "Wizzygen Sandbox / Sample page");
        String shared = "Shared later " + randomHex().substring(0, 6);
        web.notion.createChildPage(NotionId.ofHex(web.demo.sandbox().rootPageId()), shared);
        assertThat(web.get("/settings/pages").body()).as("kept: a second visit costs no Notion search").isEqualTo(first);

        assertThat(text(web.get("/create/places?selected=x").body())).contains("Create the sample in", "Wizzygen Sandbox / " + shared);
        HttpResponse<String> sample = web.post("/create", form("name", "Lazy sample", "type", "Notion Page", "template", "sample",
                "parentPage", web.linkOf("Sample page")));
        assertThat(sample.statusCode()).as(text(sample.body())).isEqualTo(303);
        assertThat(text(web.get("/create/places").body())).as("the new sample is listed at once, with its path")
                .containsPattern("Wizzygen Sandbox / Sample page / Wizzygen sample page( \\d+)?\\b");
    }

    @Test
    void addRowAnswersTheNewRowAsAFragmentAndARefusalAsAMessageForItsField() {
        String id = web.createConnection("Rows in place " + randomHex().substring(0, 6), "Notion Database", web.linkOf("Topics"));
        HttpResponse<String> added = web.postHtmx("/connections/" + id + "/rows", form("title", "Added in place"));
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).startsWith("<tr data-row=").contains("value=\"Added in place\"", "aria-label=\"Generate Added in place\"", "checked");
        assertThat(web.get("/connections/" + id).body()).contains("Added in place");

        HttpResponse<String> refused = web.postHtmx("/connections/" + id + "/rows", form("title", " "));
        assertThat(refused.statusCode()).as("an answer, not a failed request").isEqualTo(200);
        assertThat(refused.headers().firstValue("HX-Retarget")).hasValue("#new-row-error");
        assertThat(text(refused.body())).contains("Type the new row's Topic first.");

        HttpResponse<String> plain = web.post("/connections/" + id + "/rows", form("title", " "));
        assertThat(plain.statusCode()).as("without htmx the refusal keeps its status").isEqualTo(400);
        assertThat(text(plain.body())).contains("Type the new row's Topic first.");
        assertThat(web.post("/connections/" + id + "/rows", form("title", "Added without script")).statusCode()).isEqualTo(303);
    }

    @Test
    void aRefusedFormSentByHtmxIsAnsweredWithItsErrorsAndKeepsItsAddress() {
        HttpResponse<String> boosted = web.postHtmx("/create", form("name", "", "type", "Notion Page", "template", "own", "url", ""));
        assertThat(boosted.statusCode()).isEqualTo(200);
        assertThat(boosted.headers().firstValue("HX-Push-Url")).hasValue("false");
        assertThat(text(boosted.body())).contains("Give the connection a name");
        assertThat(web.post("/create", form("name", "", "type", "Notion Page", "template", "own", "url", "")).statusCode()).isEqualTo(400);
    }

    @Test
    void theIconIsServedAtTheAddressBrowsersAsk() {
        HttpResponse<String> icon = web.get("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(web.get("/").body()).contains("<link rel=\"icon\" href=\"/assets/favicon.svg\"");
        assertThat(web.get("/assets/favicon.svg").statusCode()).isEqualTo(200);
    }
}
