package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.wizzygen.contract.Recordings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client reads real Notion: every response body recorded from api.notion.com (../shared/notion/recorded) is fed
 * to the client's model, and what the product uses of it (ids, titles, urls, trash, parents, property names, types
 * and readable values, schemas and options, blocks and their text, lists and cursors, bot and errors) comes out.
 */
class RecordedResponsesParseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordedObjectParsesWithNothingTheProductUsesLost() {
        List<String> checked = new ArrayList<>();
        Recordings.interactions().forEach(interaction -> objects(interaction.responseBody(), object -> {
            switch (object.path("object").asText()) {
                case "page" -> checkPage(object);
                case "data_source" -> checkDataSource(object);
                case "database" -> checkDatabase(object);
                case "block" -> checkBlock(object);
                default -> {
                    return;
                }
            }
            checked.add(object.path("object").asText());
        }));
        assertThat(checked).contains("page", "data_source", "database", "block").hasSizeGreaterThan(150);
    }

    @Test
    void everyRecordedListIsReadToItsLastResult() {
        List<Recordings.Interaction> lists = Recordings.interactions().filter(i -> i.responseBody().path("object").asText().equals("list")).toList();
        assertThat(lists).hasSizeGreaterThan(40);
        for (Recordings.Interaction interaction : lists) {
            JsonNode body = interaction.responseBody();
            List<String> cursors = new ArrayList<>();
            List<String> ids = Pages.stream(cursor -> {
                cursors.add(cursor);
                return cursor == null ? body : JSON.createObjectNode().put("object", "list").put("has_more", false).putNull("next_cursor");
            }, json -> switch (body.path("type").asText()) {
                case "block" -> Block.fromJson(json).id().value();
                case "page_or_data_source" -> SearchResult.fromJson(json).id().value();
                default -> NotionId.ofHex(json.path("id").asText()).value();
            }).toList();
            assertThat(ids).as(interaction.describe()).hasSize(body.path("results").size());
            if (body.path("has_more").asBoolean()) {
                assertThat(cursors).as(interaction.describe() + ": the next page is asked for with its cursor")
                        .containsExactly(null, body.path("next_cursor").asText());
            }
        }
    }

    @Test
    void everyRecordedBotAndErrorReachesTheClientAsNotionSentIt() throws IOException {
        AtomicReference<Recordings.Interaction> answering = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Recordings.Interaction recorded = answering.get();
            byte[] body = recorded.responseBody().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            recorded.headers().forEach((name, value) -> {
                if (name.equals("x-notion-request-id") && value.matches("[0-9a-f-]{36}")) {
                    exchange.getResponseHeaders().add(name, value);
                }
            });
            exchange.sendResponseHeaders(recorded.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            NotionClient client = NotionClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).token("ntn_replay")
                    .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)).build();
            List<Recordings.Interaction> bots = Recordings.interactions()
                    .filter(i -> i.status() == 200 && i.responseBody().path("type").asText().equals("bot")).toList();
            // A 429 is never thrown: the client waits it out and asks again (NotionHttpRetryTest), so it is not replayed here.
            List<Recordings.Interaction> errors = Recordings.interactions().filter(i -> i.status() >= 400 && i.status() != 429).toList();
            assertThat(bots).hasSizeGreaterThanOrEqualTo(3);
            assertThat(errors).hasSizeGreaterThanOrEqualTo(15);
            for (Recordings.Interaction bot : bots) {
                answering.set(bot);
                Bot me = client.me();
                assertThat(me.id().value()).isEqualTo(bot.responseBody().path("id").asText());
                assertThat(me.name()).isEqualTo(bot.responseBody().path("name").asText());
                assertThat(me.workspaceName()).isEqualTo(bot.responseBody().at("/bot/workspace_name").asText());
            }
            for (Recordings.Interaction error : errors) {
                answering.set(error);
                JsonNode body = error.responseBody();
                assertThatThrownBy(() -> client.search("", Optional.empty()).findFirst())
                        .as(error.describe()).isInstanceOfSatisfying(NotionException.class, e -> {
                            assertThat(e.status()).isEqualTo(error.status());
                            assertThat(e.code()).isEqualTo(body.path("code").asText());
                            assertThat(e.getMessage()).contains(body.path("message").asText());
                            assertThat(e.userMessage()).isNotBlank().doesNotContain("{");
                            if (body.path("message").asText().startsWith("path failed validation")) {
                                assertThat(e.userMessage()).as("a mistyped link is named as one")
                                        .isEqualTo("That Notion link does not hold a valid page or database id. Copy the link again from Notion (••• → Copy link).");
                            }
                            if (body.path("request_id").asText().matches("[0-9a-f-]{36}")) {
                                assertThat(e.requestId()).isEqualTo(body.path("request_id").asText());
                            }
                        });
            }
        } finally {
            server.stop(0);
        }
    }

    private static void checkPage(JsonNode json) {
        Page page = Page.fromJson(json);
        assertThat(page.id().value()).isEqualTo(json.path("id").asText());
        assertThat(page.url()).isEqualTo(json.path("url").asText());
        assertThat(page.inTrash()).isEqualTo(json.path("in_trash").asBoolean());
        assertThat(page.parent()).isEqualTo(json.path("parent"));
        assertThat(page.lastEditedTime()).isEqualTo(json.path("last_edited_time").asText());
        assertThat(page.properties().keySet()).containsExactlyElementsOf(names(json.path("properties")));
        json.path("properties").properties().forEach(entry -> {
            PropertyValue value = page.property(entry.getKey()).orElseThrow();
            String type = entry.getValue().path("type").asText();
            assertThat(value.type()).as(entry.getKey()).isEqualTo(type);
            assertThat(value.asText()).as(entry.getKey() + " reads as a person would read it").doesNotStartWith("{").doesNotStartWith("[");
            if (type.equals("title")) {
                assertThat(page.title()).isEqualTo(plainText(entry.getValue().path("title")));
            }
        });
    }

    private static void checkDataSource(JsonNode json) {
        DataSource dataSource = DataSource.fromJson(json);
        assertThat(dataSource.id().value()).isEqualTo(json.path("id").asText());
        assertThat(dataSource.name()).isEqualTo(plainText(json.path("title")));
        assertThat(dataSource.databaseId().value()).isEqualTo(json.at("/parent/database_id").asText());
        assertThat(dataSource.properties().keySet()).containsExactlyElementsOf(names(json.path("properties")));
        json.path("properties").properties().forEach(entry -> {
            PropertySchema property = dataSource.property(entry.getKey()).orElseThrow();
            String type = entry.getValue().path("type").asText();
            assertThat(property.type()).isEqualTo(type);
            List<String> options = new ArrayList<>();
            entry.getValue().path(type).path("options").forEach(option -> options.add(option.path("name").asText()));
            assertThat(property.options()).containsExactlyElementsOf(options);
        });
        SearchResult hit = SearchResult.fromJson(json);
        assertThat(hit.title()).isEqualTo(dataSource.name());
        assertThat(hit.parentType()).isEqualTo("database_id");
    }

    private static void checkDatabase(JsonNode json) {
        Database database = Database.fromJson(json);
        assertThat(database.id().value()).isEqualTo(json.path("id").asText());
        assertThat(database.title()).isEqualTo(plainText(json.path("title")));
        assertThat(database.url()).isEqualTo(json.path("url").asText());
        assertThat(database.inTrash()).isEqualTo(json.path("in_trash").asBoolean());
        assertThat(database.dataSources()).extracting(ref -> ref.id().value())
                .containsExactlyElementsOf(json.path("data_sources").findValuesAsText("id"));
    }

    private static void checkBlock(JsonNode json) {
        Block block = Block.fromJson(json);
        assertThat(block.id().value()).isEqualTo(json.path("id").asText());
        assertThat(block.type()).isEqualTo(json.path("type").asText());
        assertThat(block.hasChildren()).isEqualTo(json.path("has_children").asBoolean());
        assertThat(block.plainText()).isEqualTo(plainText(json.path(block.type()).path("rich_text")));
    }

    private static String plainText(JsonNode richText) {
        StringBuilder text = new StringBuilder();
        richText.forEach(item -> text.append(item.path("plain_text").asText()));
        return text.toString();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every object with an "object" field in a tree, outermost first. */
    private static void objects(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
        if (node.isObject() && node.path("object").isTextual()) {
            visit.accept(node);
        }
        node.forEach(child -> objects(child, visit));
    }
}
