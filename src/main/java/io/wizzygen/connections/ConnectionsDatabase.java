package io.wizzygen.connections;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Connections database in Notion: one row per connection (Name, Type, URL, Prompt, Status, Last run).
 * Properties it does not find are skipped, so a user's copy with fewer columns still works.
 */
public final class ConnectionsDatabase {

    static final List<PropertySchema> SCHEMA = List.of(PropertySchema.of("Name", "title"),
            PropertySchema.of("Type", "select", Connection.Type.PAGE.label(), Connection.Type.DATABASE.label()),
            PropertySchema.of("URL", "url"), PropertySchema.of("Prompt", "rich_text"), PropertySchema.of("Status", "select"),
            PropertySchema.of("Last run", "date"));

    private final NotionClient notion;
    private final DataSource source;

    private ConnectionsDatabase(NotionClient notion, DataSource source) {
        this.notion = notion;
        this.source = source;
    }

    /** Opens the database at {@code link}; a link that is no database, or one without a title column, is a clear error. */
    public static ConnectionsDatabase open(NotionClient notion, String link) {
        return new ConnectionsDatabase(notion, Sources.first(notion, link, "The Connections database"));
    }

    /** Creates a Connections database with the standard columns inside {@code parentPage}. */
    public static Database createIn(NotionClient notion, NotionId parentPage) {
        return notion.createDatabase(parentPage, "Connections", SCHEMA);
    }

    /** A connection as its row in Notion says it is. */
    public record Row(String rowId, String name, Connection.Type type, String url, String prompt, String status, Instant lastRun) {
    }

    public List<Row> rows() {
        return notion.queryDataSource(source.id(), Query.all()).filter(page -> !page.inTrash()).map(ConnectionsDatabase::row).toList();
    }

    /** Creates or updates the connection's row; returns the row id. */
    public String upsert(Connection connection) {
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        values.put(source.titleProperty(), new PropertyValue.Title(connection.name()));
        put(values, "Type", new PropertyValue.Select(connection.type().label()));
        put(values, "URL", new PropertyValue.Url(connection.url()));
        put(values, "Prompt", new PropertyValue.Text(connection.prompt()));
        if (connection.status() != null) {
            put(values, "Status", new PropertyValue.Select(connection.status()));
        }
        if (connection.lastRun() != null) {
            put(values, "Last run", new PropertyValue.DateValue(connection.lastRun().toString(), null));
        }
        if (connection.notionRowId() != null) {
            return notion.updatePage(NotionId.ofHex(connection.notionRowId()), values).id().value();
        }
        return notion.createPage(source.id(), values).id().value();
    }

    /** Moves the row to Notion's trash; a row already trashed in Notion is as good as done. */
    public void trash(String rowId) {
        try {
            notion.trashPage(NotionId.ofHex(rowId));
        } catch (NotionException e) {
            if (!e.alreadyTrashed()) {
                throw e;
            }
        }
    }

    private void put(Map<String, PropertyValue> values, String name, PropertyValue value) {
        if (source.property(name).isPresent()) {
            values.put(name, value);
        }
    }

    private static Row row(Page page) {
        Connection.Type type;
        try {
            type = Connection.Type.fromLabel(text(page, "Type"));
        } catch (IllegalArgumentException unknown) {
            type = text(page, "URL").contains("?v=") ? Connection.Type.DATABASE : Connection.Type.PAGE;
        }
        return new Row(page.id().value(), page.title(), type, text(page, "URL"), text(page, "Prompt"), text(page, "Status"),
                instant(text(page, "Last run")));
    }

    private static String text(Page page, String property) {
        return page.property(property).map(PropertyValue::asText).orElse("");
    }

    private static Instant instant(String date) {
        if (date.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return java.time.LocalDate.parse(date.substring(0, Math.min(10, date.length()))).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
