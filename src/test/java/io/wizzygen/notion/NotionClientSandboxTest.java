package io.wizzygen.notion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.contract.ContractRecorder;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against the sandbox over real HTTP, every endpoint, with every exchange held to Notion's documents. */
class NotionClientSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SandboxServer sandbox;
    private final ContractRecorder contract = new ContractRecorder();
    private final NotionClient client = clientFor("2026-03-11");

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @AfterEach
    void everyExchangeMatchesNotionsDocuments() {
        assertThat(contract.problems()).isEmpty();
    }

    private NotionClient clientFor(String version) {
        return NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).notionVersion(version)
                .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).observer(contract).build();
    }

    private DataSource topics() {
        SearchResult hit = client.search("Topics", Optional.of("data_source")).findFirst().orElseThrow();
        return client.retrieveDataSource(hit.id());
    }

    private NotionId samplePage() {
        return client.search("Sample page", Optional.of("page")).findFirst().orElseThrow().id();
    }

    @Test
    void usersMeNamesTheSandboxBot() {
        Bot bot = client.me();
        assertThat(bot.name()).isEqualTo("Wizzygen Sandbox");
        assertThat(bot.id().value()).matches("[0-9a-f-]{36}");
    }

    @Test
    void aDatabaseLinkLeadsToItsDataSourceSchemaAndSeededRows() {
        DataSource topics = topics();
        Database database = client.retrieveDatabase(NotionIds.parse("https://www.notion.so/acme/" + topics.databaseId().compact() + "?v=0123456789abcdef0123456789abcdef"));
        assertThat(database.title()).isEqualTo("Topics");
        assertThat(database.dataSources()).extracting(Database.DataSourceRef::id).containsExactly(topics.id());
        assertThat(topics.properties().keySet()).containsExactly("Topic", "Generate", "Content", "AI Status", "AI Error");
        assertThat(topics.titleProperty()).isEqualTo("Topic");
        assertThat(topics.property("AI Status").orElseThrow().options()).containsExactly("Done", "Failed");
        assertThat(client.queryDataSource(topics.id(), Query.all()).map(Page::title))
                .contains("Learning is fun", "Notion is best tool", "Social media is a boon");
    }

    @Test
    void everyPropertyTypeIsWrittenAndReadBackTyped() {
        Database database = client.createDatabase(samplePage(), "All types " + System.nanoTime(), List.of(
                PropertySchema.of("Name", "title"), PropertySchema.of("Notes", "rich_text"), PropertySchema.of("Done", "checkbox"),
                PropertySchema.of("Kind", "select", "A", "B"), PropertySchema.of("Tags", "multi_select", "x", "y"),
                PropertySchema.of("Stage", "status"), PropertySchema.of("Score", "number"), PropertySchema.of("Link", "url"),
                PropertySchema.of("When", "date"), PropertySchema.of("Created", "created_time")));
        NotionId source = database.dataSources().getFirst().id();
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        values.put("Name", new PropertyValue.Title("Row one"));
        values.put("Notes", new PropertyValue.Text("x".repeat(4500)));
        values.put("Done", new PropertyValue.Checkbox(true));
        values.put("Kind", new PropertyValue.Select("B"));
        values.put("Tags", new PropertyValue.MultiSelect(List.of("x", "new tag")));
        values.put("Stage", new PropertyValue.Status("In progress"));
        values.put("Score", new PropertyValue.NumberValue(new BigDecimal("4.5")));
        values.put("Link", new PropertyValue.Url("https://example.com/a"));
        values.put("When", new PropertyValue.DateValue("2026-11-25", null));
        Page created = client.createPage(source, values);

        Page read = client.retrievePage(created.id());
        for (Map.Entry<String, PropertyValue> value : values.entrySet()) {
            assertThat(read.property(value.getKey())).contains(value.getValue());
        }
        assertThat(read.property("Created").orElseThrow()).isInstanceOf(PropertyValue.Timestamp.class);
        assertThat(read.property("Created").orElseThrow().asText()).isNotBlank();
        assertThat(client.retrieveDataSource(source).property("Tags").orElseThrow().options()).contains("new tag");
    }

    @Test
    void updatesQueriesWithFiltersSortsAndLazyPagesAndTrash() {
        Database fresh = client.createDatabase(samplePage(), "Scores " + System.nanoTime(), List.of(
                PropertySchema.of("Name", "title"), PropertySchema.of("Pick", "checkbox"), PropertySchema.of("Score", "number"),
                PropertySchema.of("Text", "rich_text"), PropertySchema.of("State", "select", "Done", "Failed")));
        NotionId source = fresh.dataSources().getFirst().id();
        List<Page> rows = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            rows.add(client.createPage(source, Map.of("Name", new PropertyValue.Title("Row " + i),
                    "Score", new PropertyValue.NumberValue(BigDecimal.valueOf(i)),
                    "Pick", new PropertyValue.Checkbox(i % 2 == 1))));
        }
        client.updatePage(rows.get(2).id(), Map.of("Text", new PropertyValue.Text("hello world"), "State", new PropertyValue.Select("Done")));

        contract.clear();
        List<String> picked = client.queryDataSource(source, Query.where(Filter.checkbox("Pick", true))
                .sortedBy(Query.Sort.byProperty("Score", false)).withPageSize(2)).map(Page::title).toList();
        assertThat(picked).containsExactly("Row 7", "Row 5", "Row 3", "Row 1");
        assertThat(contract.exchanges()).hasSize(2);

        contract.clear();
        assertThat(client.queryDataSource(source, Query.all().withPageSize(2)).limit(3).count()).isEqualTo(3);
        assertThat(contract.exchanges()).as("a lazy stream fetches only the pages it needs").hasSize(2);

        assertThat(client.queryDataSource(source, Query.where(Filter.and(
                Filter.number("Score", "greater_than", BigDecimal.valueOf(2)),
                Filter.or(Filter.text("Text", "rich_text", "contains", "WORLD"), Filter.optionEquals("State", "select", "Failed")))))
                .map(Page::title)).containsExactly("Row 3");
        assertThat(client.queryDataSource(source, Query.where(Filter.isEmpty("Text", "rich_text"))).count()).isEqualTo(6);

        Page trashed = client.trashPage(rows.get(0).id());
        assertThat(trashed.inTrash()).isTrue();
        assertThat(client.queryDataSource(source, Query.all()).map(Page::title)).doesNotContain("Row 1").hasSize(6);
    }

    @Test
    void blocksAreAppendedListedAndDeleted() {
        NotionId page = client.createChildPage(samplePage(), "Blocks " + System.nanoTime()).id();
        List<Block> created = client.appendBlocks(page, List.of(paragraph("first"), heading("Title"), paragraph("second")));
        assertThat(created).extracting(Block::type).containsExactly("paragraph", "heading_2", "paragraph");
        client.deleteBlock(created.get(1).id());
        client.deleteBlock(created.get(1).id());
        assertThat(client.listBlockChildren(page).map(Block::plainText)).containsExactly("first", "second");
    }

    @Test
    void aDataSourceGainsPropertiesAndABlockChangesItsTextInPlace() {
        for (NotionClient versioned : List.of(client, clientFor("2025-09-03"))) {
            Database database = versioned.createDatabase(samplePage(), "Grows " + System.nanoTime(), List.of(PropertySchema.of("Name", "title")));
            DataSource grown = versioned.updateDataSource(database.dataSources().getFirst().id(),
                    List.of(PropertySchema.of("State", "select", "Done", "Failed"), PropertySchema.of("Why", "rich_text")));
            assertThat(grown.properties().keySet()).containsExactly("Name", "State", "Why");
            assertThat(grown.property("State").orElseThrow().options()).containsExactly("Done", "Failed");

            NotionId page = versioned.createChildPage(samplePage(), "Edits " + System.nanoTime()).id();
            Block block = versioned.appendBlocks(page, List.of(paragraph("draft"))).getFirst();
            Block edited = versioned.updateBlock(block.id(), "paragraph", paragraph("final").get("paragraph"));
            assertThat(edited.plainText()).isEqualTo("final");
            assertThat(versioned.listBlockChildren(page).map(Block::plainText)).containsExactly("final");
        }
    }

    @Test
    void longTextManyBlocksDeepNestingAndAnEmojiOnTheBoundaryLandIntactAndInOrder() {
        NotionId page = client.createChildPage(samplePage(), "Limits " + System.nanoTime()).id();
        String longText = "abcdefghij".repeat(500);
        String emojiText = "a".repeat(1999) + "😀" + "b".repeat(10);
        List<ObjectNode> blocks = new ArrayList<>();
        blocks.add(paragraph(longText));
        blocks.add(paragraph(emojiText));
        for (int i = 0; i < 250; i++) {
            blocks.add(paragraph("block " + i));
        }
        ObjectNode deep = bullet("level 1", bullet("level 2", bullet("level 3", bullet("level 4", bullet("level 5")))));
        blocks.add(deep);
        ObjectNode wide = bullet("wide");
        for (int i = 0; i < 130; i++) {
            ((ObjectNode) wide.get("bulleted_list_item")).withArray("children").add(bullet("child " + i));
        }
        blocks.add(wide);

        client.appendBlocks(page, blocks);

        List<String> expected = new ArrayList<>(List.of(longText, emojiText));
        for (int i = 0; i < 250; i++) {
            expected.add("block " + i);
        }
        expected.addAll(List.of("level 1", "  level 2", "    level 3", "      level 4", "        level 5", "wide"));
        for (int i = 0; i < 130; i++) {
            expected.add("  child " + i);
        }
        assertThat(outline(page, "")).containsExactlyElementsOf(expected);
    }

    @Test
    void theOlderSupportedVersionWorksToo() {
        NotionClient older = clientFor("2025-09-03");
        DataSource topics = older.retrieveDataSource(older.search("Topics", Optional.of("data_source")).findFirst().orElseThrow().id());
        Page row = older.queryDataSource(topics.id(), Query.all()).findFirst().orElseThrow();
        assertThat(older.retrievePage(row.id()).title()).isEqualTo(row.title());
        NotionId sample = older.search("Sample page", Optional.of("page")).findFirst().orElseThrow().id();
        Page child = older.createChildPage(sample, "Made with 2025-09-03");
        assertThat(older.trashPage(child.id()).inTrash()).isTrue();
        assertThat(older.me().name()).isEqualTo("Wizzygen Sandbox");
        assertThat(contract.exchanges()).extracting(NotionExchange::notionVersion).containsOnly("2025-09-03");
    }

    @Test
    void failuresCarryNotionsCodeAndAPlainFix() {
        NotionClient wrongToken = NotionClient.builder().baseUrl(sandbox.baseUrl()).token("ntn_wrong")
                .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).observer(contract).build();
        assertThatThrownBy(wrongToken::me).isInstanceOfSatisfying(NotionException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("unauthorized");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.userMessage()).contains("notion.so/profile/integrations");
            assertThat(e.getMessage()).doesNotContain("ntn_wrong");
        });
        assertThatThrownBy(() -> client.retrievePage(NotionId.ofHex("0123456789ab4cde8f0123456789abcd")))
                .isInstanceOfSatisfying(NotionException.class, e -> {
                    assertThat(e.code()).isEqualTo("object_not_found");
                    assertThat(e.userMessage()).contains("••• → Connections");
                });
    }

    private List<String> outline(NotionId parent, String indent) {
        List<String> lines = new ArrayList<>();
        client.listBlockChildren(parent).forEach(block -> {
            lines.add(indent + block.plainText());
            if (block.hasChildren()) {
                lines.addAll(outline(block.id(), indent + "  "));
            }
        });
        return lines;
    }

    static ObjectNode paragraph(String text) {
        return textBlock("paragraph", text);
    }

    static ObjectNode heading(String text) {
        return textBlock("heading_2", text);
    }

    static ObjectNode bullet(String text, ObjectNode... children) {
        ObjectNode block = textBlock("bulleted_list_item", text);
        if (children.length > 0) {
            var array = ((ObjectNode) block.get("bulleted_list_item")).putArray("children");
            for (ObjectNode child : children) {
                array.add(child);
            }
        }
        return block;
    }

    private static ObjectNode textBlock(String type, String text) {
        ObjectNode block = JSON.createObjectNode().put("object", "block").put("type", type);
        block.putObject(type).set("rich_text", RichText.of(text));
        return block;
    }
}
