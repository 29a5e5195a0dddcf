package io.wizzygen.web;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/** An admin has every new feedback message copied as a row into a Notion database of theirs. */
class FeedbackCopyTest {

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
    void newFeedbackBecomesARowOfTheChosenNotionDatabase() throws Exception {
        NotionId parent = web.source("Sample page").id();
        Database inbox = web.notion.createDatabase(parent, "Feedback inbox", List.of(PropertySchema.of("Title", "title"),
                PropertySchema.of("Message", "rich_text"), PropertySchema.of("Email", "rich_text"), PropertySchema.of("Rating", "number"),
                PropertySchema.of("Sent", "date")));

        HttpResponse<String> refused = web.post("/feedback/notion", form("copyLink", "https://example.com/not-notion"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(text(refused.body())).contains("This is not a Notion link");

        HttpResponse<String> chosen = web.post("/feedback/notion", form("copyLink", inbox.url()));
        assertThat(chosen.statusCode()).isEqualTo(303);
        assertThat(text(web.get("/feedback?copying=1").body())).contains("copied to that Notion database");
        String message = "The grid is great. " + "Long words ".repeat(20);
        assertThat(web.post("/feedback", form("message", message, "rating", "4")).statusCode()).isEqualTo(303);

        List<Page> rows = List.of();
        for (int i = 0; i < 100 && rows.isEmpty(); i++) {
            Thread.sleep(100);
            rows = web.notion.queryDataSource(inbox.dataSources().getFirst().id(), Query.all()).toList();
        }
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.title()).startsWith("The grid is great.").endsWith("…").hasSize(80);
            assertThat(row.property("Message").map(PropertyValue::asText)).hasValue(message.strip());
            assertThat(row.property("Rating").map(PropertyValue::asText)).hasValue("4");
            assertThat(row.property("Sent").map(PropertyValue::asText).orElse("")).isNotBlank();
        });

        assertThat(web.post("/feedback/notion", form("copyLink", "")).statusCode()).isEqualTo(303);
        web.post("/feedback", form("message", "Not copied any more"));
        Thread.sleep(1500);
        assertThat(web.notion.queryDataSource(inbox.dataSources().getFirst().id(), Query.all()).toList()).hasSize(1);
    }
}
