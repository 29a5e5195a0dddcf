package io.wizzygen.testing;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What tests of whole servers set up in the sandbox and in a server's store, the way a user would have it. */
public final class Workspace {

    private Workspace() {
    }

    /** A database like the seeded Topics (Topic, Generate, Content) under the Sample page, with {@code rows} ticked rows. */
    public static Database topics(NotionClient notion, String title, int rows) {
        NotionId parent = notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
        Database database = notion.createDatabase(parent, title + " " + System.nanoTime(), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
        for (int i = 1; i <= rows; i++) {
            notion.createPage(database.dataSources().getFirst().id(), Map.of("Topic", new PropertyValue.Title("Topic " + i),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        return database;
    }

    /**
     * The local owner's settings in {@code store}, as the Settings page saves them: the sandbox's Connections database
     * and secret, and {@code ai} as an OpenAI-compatible engine; secrets sealed with {@code masterKey}.
     */
    public static void ownerSettings(Store store, String masterKey, NotionClient notion, String notionSecret, CountingAi ai) {
        String connections = notion.search("Connections", Optional.of("data_source")).filter(r -> r.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow();
        new SettingsStore(store, SecretBox.open(null, masterKey)).save(Accounts.OWNER,
                new Settings(connections, "openai-compatible", null, "counting", ai.baseUrl(), notionSecret, null));
    }
}
