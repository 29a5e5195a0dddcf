package io.wizzygen.connections;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A connected database as a grid: its properties and its first rows, with in-place edits saved to Notion. */
public final class DatabaseGrid {

    /** The columns a database run writes its outcome to (where the database has them): never a prompt's input. */
    static final List<String> RUN_STATUS_COLUMNS = List.of("AI Status", "AI Error");

    /** Rows shown at once; a run still processes every ticked row. */
    public static final int SHOWN_ROWS = 100;

    private final NotionClient notion;
    private final DataSource source;

    private DatabaseGrid(NotionClient notion, DataSource source) {
        this.notion = notion;
        this.source = source;
    }

    public static DatabaseGrid open(NotionClient notion, String link) {
        return new DatabaseGrid(notion, Sources.first(notion, link, "The database"));
    }

    /** One row: its id, each property as text, and whether a checkbox is ticked. */
    public record Row(String id, Map<String, String> values) {
        public String value(String property) {
            return values.getOrDefault(property, "");
        }

        public boolean ticked(String checkbox) {
            return "Yes".equals(values.get(checkbox));
        }
    }

    public String titleProperty() {
        return source.titleProperty();
    }

    public List<String> properties(String type) {
        return source.properties().values().stream().filter(p -> p.type().equals(type)).map(PropertySchema::name).toList();
    }

    /** Properties an answer can be written to (text, select, multi-select, status, number, URL, date, email, phone). */
    public List<String> outputProperties() {
        return source.properties().values().stream()
                .filter(p -> List.of("rich_text", "select", "multi_select", "status", "number", "url", "date", "email", "phone_number")
                        .contains(p.type()))
                .map(PropertySchema::name).toList();
    }

    /** The run's status columns (AI Status, AI Error) this database lacks: a run can add them when asked. */
    public List<String> missingStatusColumns() {
        return RUN_STATUS_COLUMNS.stream().filter(name -> !source.properties().containsKey(name)).toList();
    }

    public List<String> allProperties() {
        return List.copyOf(source.properties().keySet());
    }

    /**
     * The columns a prompt can take a row's value from ({{Property}}): every property except checkboxes (which say
     * whether to process a row) and the run's own AI Status and AI Error columns (which say how it went).
     */
    public List<String> inputProperties() {
        return source.properties().values().stream()
                .filter(p -> !p.type().equals("checkbox") && !RUN_STATUS_COLUMNS.contains(p.name()))
                .map(PropertySchema::name).toList();
    }

    /** The checkbox that marks rows to process: {@code chosen} when it is one of this database's checkboxes, else the first; null when none. */
    public String tickProperty(String chosen) {
        List<String> checkboxes = properties("checkbox");
        return checkboxes.contains(chosen) ? chosen : checkboxes.isEmpty() ? null : checkboxes.getFirst();
    }

    public List<Row> rows() {
        return notion.queryDataSource(source.id(), Query.all().sortedBy(Query.Sort.byTimestamp("created_time", true)))
                .limit(SHOWN_ROWS).map(DatabaseGrid::row).toList();
    }

    /** Saves an edited input value and the row's tick in one update. */
    public void updateRow(String rowId, String property, String text, String checkbox, boolean ticked) {
        Map<String, PropertyValue> update = new LinkedHashMap<>();
        if (property != null) {
            update.put(property, textValue(property, text));
        }
        if (checkbox != null) {
            update.put(checkbox, new PropertyValue.Checkbox(ticked));
        }
        if (!update.isEmpty()) {
            NotionId row = NotionId.ofHex(rowId);
            if (!inThisDatabase(notion.retrievePage(row))) {
                throw new java.util.NoSuchElementException("That row is not in this database (it may have been moved); reload the page.");
            }
            notion.updatePage(row, update);
        }
    }

    /** Whether a page is a row of this grid's data source (a cell edit may only touch this database's rows). */
    private boolean inThisDatabase(io.wizzygen.notion.Page page) {
        String parent = page.parent().path("data_source_id").asText(page.parent().path("database_id").asText(""));
        String compact = parent.replace("-", "");
        return compact.equalsIgnoreCase(source.id().compact())
                || source.databaseId() != null && compact.equalsIgnoreCase(source.databaseId().compact());
    }

    /** Adds a row with its title (ticked when {@code checkbox} is given); answers the row as Notion created it. */
    public Row addRow(String title, String checkbox) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Type the new row's " + titleProperty() + " first.");
        }
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        values.put(titleProperty(), new PropertyValue.Title(title.strip()));
        if (checkbox != null) {
            values.put(checkbox, new PropertyValue.Checkbox(true));
        }
        return row(notion.createPage(source.id(), values));
    }

    private PropertyValue textValue(String property, String text) {
        PropertySchema schema = source.property(property).orElseThrow(() -> new IllegalArgumentException("\"" + property + "\" is not a property of this database."));
        return switch (schema.type()) {
            case "title" -> new PropertyValue.Title(text == null ? "" : text);
            case "rich_text" -> new PropertyValue.Text(text == null ? "" : text);
            default -> throw new IllegalArgumentException("\"" + property + "\" is a " + schema.type() + " property; only text can be edited here.");
        };
    }

    private static Row row(Page page) {
        Map<String, String> values = new LinkedHashMap<>();
        page.properties().forEach((name, value) -> values.put(name, value.asText()));
        return new Row(page.id().value(), values);
    }
}
