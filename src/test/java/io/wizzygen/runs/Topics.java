package io.wizzygen.runs;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import io.wizzygen.testing.CountingAi;
import io.wizzygen.testing.CountingProxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Topics database (Topic, Generate, Content) made in the sandbox for a watch test, with unticked rows "Topic 1" …:
 * its rows, ticks as a person makes them, the rows answered, and the updates each row received through a proxy.
 */
record Topics(NotionClient client, Database database) {

    static Topics create(NotionClient client, int rows) {
        NotionId parent = client.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
        Database database = client.createDatabase(parent, "Watched " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        Topics topics = new Topics(client, database);
        for (int i = 1; i <= rows; i++) {
            topics.add(Map.of("Topic", new PropertyValue.Title("Topic " + i)));
        }
        return topics;
    }

    String url() {
        return database.url();
    }

    void add(Map<String, PropertyValue> values) {
        client.createPage(database.dataSources().getFirst().id(), values);
    }

    List<Page> rows() {
        return client.queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
    }

    void tick(Page row) {
        client.updatePage(row.id(), Map.of("Generate", new PropertyValue.Checkbox(true)));
    }

    void tickAll() {
        rows().forEach(this::tick);
    }

    /** Rows whose Content holds the counting AI's answer. */
    int written() {
        return (int) rows().stream().filter(row -> row.property("Content").map(PropertyValue::asText).orElse("").startsWith("Answer:")).count();
    }

    /** The successful updates each row received through {@code proxy} (by its id without dashes). */
    Map<String, Integer> updates(CountingProxy proxy) {
        Map<String, Integer> all = proxy.updatesByPage();
        return rows().stream().collect(Collectors.toMap(Topics::compact, row -> all.getOrDefault(compact(row), 0)));
    }

    static String compact(Page row) {
        return row.id().value().replace("-", "");
    }

    /** The local owner's settings, as the Settings page saves them: the sandbox's Connections database and secret, the counting AI. */
    static void saveOwnerSettings(NotionClient client, String notionSecret, Store store, SecretBox secrets, CountingAi ai) {
        String connections = client.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow();
        new SettingsStore(store, secrets).save(Accounts.OWNER, new Settings(connections, "openai-compatible", null, "counting", ai.baseUrl(),
                notionSecret, null));
    }
}
