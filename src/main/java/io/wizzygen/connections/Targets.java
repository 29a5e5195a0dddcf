package io.wizzygen.connections;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.SearchResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a connection points at: checking a pasted link, listing shared pages, creating the samples. */
public final class Targets {

    private final NotionClient notion;

    public Targets(NotionClient notion) {
        this.notion = notion;
    }

    /** A checked target: its title and canonical link. */
    public record Target(Connection.Type type, String title, String url) {
    }

    /**
     * Checks that {@code link} is a Notion link to a {@code type} the integration can read; every problem is an
     * {@link IllegalArgumentException} whose message says how to fix it.
     */
    public Target check(String link, Connection.Type type) {
        NotionId id = NotionIds.parse(link);
        try {
            if (type == Connection.Type.DATABASE) {
                Database database = notion.retrieveDatabase(id);
                return new Target(type, database.title(), database.url());
            }
            Page page = notion.retrievePage(id);
            return new Target(type, page.title(), page.url());
        } catch (NotionException e) {
            if (e.status() == 404 || e.status() == 400) {
                Optional<Target> other = otherKind(id, type);
                if (other.isPresent()) {
                    throw new IllegalArgumentException("This link is a " + other.get().type().label() + " (\"" + other.get().title()
                            + "\"): choose \"" + other.get().type().label() + "\" as the type, or paste the link of a "
                            + (type == Connection.Type.PAGE ? "page" : "database") + ".");
                }
            }
            throw new IllegalArgumentException(e.userMessage(), e);
        }
    }

    private Optional<Target> otherKind(NotionId id, Connection.Type wanted) {
        try {
            if (wanted == Connection.Type.PAGE) {
                Database database = notion.retrieveDatabase(id);
                return Optional.of(new Target(Connection.Type.DATABASE, database.title(), database.url()));
            }
            Page page = notion.retrievePage(id);
            return Optional.of(new Target(Connection.Type.PAGE, page.title(), page.url()));
        } catch (NotionException notThatEither) {
            return Optional.empty();
        }
    }

    /** The pages shared with the integration (to place a sample or the Connections database in). */
    public List<SearchResult> sharedPages() {
        return notion.search("", Optional.of("page")).limit(100)
                .filter(page -> page.isStandalonePage() && !page.title().isBlank()).toList();
    }

    /** Creates a blank "Sample page" under {@code parent}; answers its link. */
    public String createSamplePage(String parent) {
        return notion.createChildPage(NotionIds.parse(parent), "Sample page").url();
    }

    /** Creates a "Topics" database (Topic, Generate, Content, AI Status, AI Error) with three ticked sample rows; answers its link. */
    public String createSampleDatabase(String parent) {
        Database database = notion.createDatabase(NotionIds.parse(parent), "Topics", List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text"),
                PropertySchema.of("AI Status", "select", "Done", "Failed"), PropertySchema.of("AI Error", "rich_text")));
        NotionId source = database.dataSources().getFirst().id();
        for (String topic : List.of("Learning is fun", "Notion is best tool", "Social media is a boon")) {
            notion.createPage(source, Map.of("Topic", new PropertyValue.Title(topic), "Generate", new PropertyValue.Checkbox(true)));
        }
        return database.url();
    }

    /** Creates the Connections database in {@code parent}; answers its link. */
    public String createConnectionsDatabase(String parent) {
        return ConnectionsDatabase.createIn(notion, NotionIds.parse(parent)).url();
    }
}
