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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a connection points at: checking a pasted link, listing shared pages (with their paths), creating the samples. */
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

    /** A page something can be created in: its link and its path from the topmost shared page ("Home / Notes / Ideas"). */
    public record Place(String url, String path) {
    }

    /** Titles of the samples; a second sample of a kind is numbered ("Wizzygen sample page 2"), so none collides. */
    public static final String SAMPLE_PAGE = "Wizzygen sample page";
    public static final String SAMPLE_DATABASE = "Wizzygen sample topics";

    /** The pages shared with the integration (to place a sample or the Connections database in). */
    public List<SearchResult> sharedPages() {
        return notion.search("", Optional.of("page")).limit(100)
                .filter(page -> page.isStandalonePage() && !page.title().isBlank()).toList();
    }

    /** The shared pages as places, each named by its path so that pages of the same title can be told apart; sorted by path. */
    public List<Place> places() {
        List<SearchResult> pages = sharedPages();
        Map<NotionId, SearchResult> byId = new HashMap<>();
        pages.forEach(page -> byId.put(page.id(), page));
        return pages.stream().map(page -> new Place(page.url(), path(page, byId)))
                .sorted(Comparator.comparing(Place::path, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private static String path(SearchResult page, Map<NotionId, SearchResult> byId) {
        List<String> titles = new ArrayList<>(List.of(page.title()));
        Set<NotionId> seen = new HashSet<>(List.of(page.id()));
        for (SearchResult parent = byId.get(page.parentPage()); parent != null && seen.add(parent.id()); parent = byId.get(parent.parentPage())) {
            titles.addFirst(parent.title());
        }
        return String.join(" / ", titles);
    }

    /** Creates a blank sample page under {@code parent}, named uniquely; answers its link. */
    public String createSamplePage(String parent) {
        return notion.createChildPage(NotionIds.parse(parent), unusedTitle(SAMPLE_PAGE)).url();
    }

    /** Creates a sample topics database (Topic, Generate, Content, AI Status, AI Error) with three ticked rows, named uniquely; answers its link. */
    public String createSampleDatabase(String parent) {
        Database database = notion.createDatabase(NotionIds.parse(parent), unusedTitle(SAMPLE_DATABASE), List.of(PropertySchema.of("Topic", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text"),
                PropertySchema.of("AI Status", "select", "Done", "Failed"), PropertySchema.of("AI Error", "rich_text")));
        NotionId source = database.dataSources().getFirst().id();
        for (String topic : List.of("Learning is fun", "Notion is best tool", "Social media is a boon")) {
            notion.createPage(source, Map.of("Topic", new PropertyValue.Title(topic), "Generate", new PropertyValue.Checkbox(true)));
        }
        return database.url();
    }

    /** {@code base}, or "{@code base} N" with the first N that no page or database the integration sees is titled yet. */
    String unusedTitle(String base) {
        Set<String> taken = new HashSet<>();
        notion.search(base, Optional.empty()).map(result -> result.title().strip().toLowerCase(Locale.ROOT)).forEach(taken::add);
        String lower = base.toLowerCase(Locale.ROOT);
        if (!taken.contains(lower)) {
            return base;
        }
        int number = 2;
        while (taken.contains(lower + " " + number)) {
            number++;
        }
        return base + " " + number;
    }

    /** Creates the Connections database in {@code parent}; answers its link. */
    public String createConnectionsDatabase(String parent) {
        return ConnectionsDatabase.createIn(notion, NotionIds.parse(parent)).url();
    }
}
