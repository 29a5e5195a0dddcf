package io.wizzygen.web;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.wizzygen.web.DemoHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database connection without the AI Status / AI Error columns offers "Add status columns": one press adds both to
 * the database in Notion (one schema update), the page says so and offers it no more.
 */
class StatusColumnsWebTest {

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
    void aDatabaseWithoutStatusColumnsGetsBothFromOnePress() {
        Database plain = web.notion.createDatabase(NotionId.ofHex(web.demo.sandbox().rootPageId()), "Plain topics", List.of(
                PropertySchema.of("Topic", "title"), PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        String connection = web.createConnection("Plain topics", "Notion Database", plain.url());
        assertThat(text(web.get("/connections/" + connection).body())).contains("Add status columns", "no AI Status or AI Error column");

        HttpResponse<String> added = web.post("/connections/" + connection + "/status-columns", Map.of());
        assertThat(added.statusCode()).as(text(added.body())).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).hasValue("/connections/" + connection + "?columns=added");
        DataSource source = web.notion.retrieveDataSource(plain.dataSources().getFirst().id());
        assertThat(source.property("AI Status")).get().satisfies(status -> {
            assertThat(status.type()).isEqualTo("select");
            assertThat(status.options()).contains("Done", "Failed");
        });
        assertThat(source.property("AI Error")).get().extracting(PropertySchema::type).isEqualTo("rich_text");
        String page = text(web.get("/connections/" + connection + "?columns=added").body());
        assertThat(page).contains("Added the AI Status and AI Error columns").doesNotContain("Add status columns");

        HttpResponse<String> again = web.post("/connections/" + connection + "/status-columns", Map.of());
        assertThat(again.headers().firstValue("Location")).as("nothing left to add").hasValue("/connections/" + connection);
    }
}
