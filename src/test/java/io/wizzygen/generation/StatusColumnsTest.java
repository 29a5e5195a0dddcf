package io.wizzygen.generation;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionExchange;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Adding "AI Status" and "AI Error" to a database that lacks them, against the sandbox. */
class StatusColumnsTest {

    private static SandboxServer sandbox;
    private static final List<NotionExchange> exchanges = new CopyOnWriteArrayList<>();
    private static NotionClient notion;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
        notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).observer(exchanges::add).build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static DataSource database(String title, PropertySchema... schema) {
        Database database = notion.createDatabase(NotionId.ofHex(sandbox.rootPageId()), title, List.of(schema));
        return notion.retrieveDataSource(database.dataSources().getFirst().id());
    }

    private static long schemaUpdates() {
        return exchanges.stream().filter(e -> e.method().equals("PATCH") && e.path().startsWith("/v1/data_sources/")).count();
    }

    @Test
    void bothColumnsAreAddedWithOneRequestAndAddingAgainChangesNothing() {
        DataSource plain = database("Plain", PropertySchema.of("Name", "title"), PropertySchema.of("Content", "rich_text"));
        notion.createPage(plain.id(), Map.of("Name", new PropertyValue.Title("A row")));
        assertThat(StatusColumns.missing(plain)).containsExactly("AI Status", "AI Error");

        long before = schemaUpdates();
        DataSource added = StatusColumns.add(notion, plain);
        assertThat(schemaUpdates() - before).isEqualTo(1);
        assertThat(StatusColumns.missing(added)).isEmpty();
        assertThat(added.property("AI Status").orElseThrow().type()).isEqualTo("select");
        assertThat(added.property("AI Status").orElseThrow().options()).containsExactly("Done", "Failed");
        assertThat(added.property("AI Error").orElseThrow().type()).isEqualTo("rich_text");
        assertThat(added.properties().keySet()).startsWith("Name", "Content");
        assertThat(notion.retrieveDataSource(plain.id()).properties().keySet()).contains("AI Status", "AI Error");

        Page row = notion.queryDataSource(plain.id(), Query.all()).findFirst().orElseThrow();
        assertThat(row.property("AI Status")).as("existing rows show the new columns, empty").hasValue(new PropertyValue.Select(null));
        assertThat(row.property("AI Error")).hasValue(new PropertyValue.Text(""));

        long after = schemaUpdates();
        assertThat(StatusColumns.add(notion, added)).isEqualTo(added);
        assertThat(schemaUpdates()).as("nothing to add, nothing sent").isEqualTo(after);
    }

    @Test
    void onlyTheMissingColumnIsAdded() {
        DataSource half = database("Half", PropertySchema.of("Name", "title"), PropertySchema.of("AI Status", "status"));
        assertThat(StatusColumns.missing(half)).containsExactly("AI Error");
        DataSource added = StatusColumns.add(notion, half);
        assertThat(added.property("AI Status").orElseThrow().type()).as("a status property serves as AI Status").isEqualTo("status");
        assertThat(added.property("AI Error").orElseThrow().type()).isEqualTo("rich_text");
    }

    @Test
    void aColumnOfTheNameButAnotherTypeIsExplainedAndNothingIsSent() {
        DataSource clash = database("Clash", PropertySchema.of("Name", "title"), PropertySchema.of("AI Status", "rich_text"));
        long before = schemaUpdates();
        assertThatThrownBy(() -> StatusColumns.add(notion, clash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"Clash\" already has a column \"AI Status\" of type rich_text, but Wizzygen needs it to be a select with the "
                        + "options Done and Failed. Rename or delete that column in Notion, then add the status columns again.");
        assertThat(schemaUpdates()).isEqualTo(before);
    }

    @Test
    void notionsRefusalSaysWhatCouldNotBeAddedAndWhy() {
        DataSource unshared = new DataSource(NotionId.ofHex("0123456789ab4cde8f0123456789abcd"), "Elsewhere", null,
                Map.of("Name", PropertySchema.of("Name", "title")));
        assertThatThrownBy(() -> StatusColumns.add(notion, unshared))
                .isInstanceOfSatisfying(NotionException.class, e -> {
                    assertThat(e.code()).isEqualTo("object_not_found");
                    assertThat(e.notionMessage()).startsWith("Could not add the columns AI Status and AI Error to \"Elsewhere\": Could not find database");
                    assertThat(e.userMessage()).contains("Share the page with your integration");
                });
    }
}
