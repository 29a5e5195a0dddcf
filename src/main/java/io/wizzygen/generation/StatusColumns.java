package io.wizzygen.generation;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.PropertySchema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two columns a database run reports into, when the database has them: "AI Status" (a select with Done
 * and Failed; a status property serves too) and "AI Error" (text). A database without them can have them added
 * in one request to Notion.
 */
public final class StatusColumns {

    public static final String STATUS = DatabasePlanner.STATUS_PROPERTY;
    public static final String ERROR = DatabasePlanner.ERROR_PROPERTY;

    private static final List<Column> COLUMNS = List.of(
            new Column(PropertySchema.of(STATUS, "select", "Done", "Failed"), Set.of("select", "status"), "a select with the options Done and Failed"),
            new Column(PropertySchema.of(ERROR, "rich_text"), Set.of("rich_text"), "a text property"));

    /** A column Wizzygen adds, and the property types a run accepts for it. */
    private record Column(PropertySchema schema, Set<String> acceptedTypes, String described) {
        String name() {
            return schema.name();
        }
    }

    private StatusColumns() {
    }

    /** The names of the status columns the data source lacks, in the order they are added ("AI Status", "AI Error"). */
    public static List<String> missing(DataSource dataSource) {
        return absent(dataSource).stream().map(Column::name).toList();
    }

    /**
     * Adds the missing status columns with one update of the data source and answers its schema afterwards;
     * answers the data source unchanged when none is missing (so it may be called again).
     *
     * @throws IllegalArgumentException when a column of that name exists with a type a run cannot use
     * @throws NotionException when Notion refuses the update (its user message says why and what to do)
     */
    public static DataSource add(NotionClient notion, DataSource dataSource) {
        for (Column column : COLUMNS) {
            Optional<PropertySchema> existing = dataSource.property(column.name());
            if (existing.isPresent() && !column.acceptedTypes().contains(existing.get().type())) {
                throw new IllegalArgumentException("\"" + dataSource.name() + "\" already has a column \"" + column.name() + "\" of type "
                        + existing.get().type() + ", but Wizzygen needs it to be " + column.described() + ". Rename or delete that "
                        + "column in Notion, then add the status columns again.");
            }
        }
        List<Column> absent = absent(dataSource);
        if (absent.isEmpty()) {
            return dataSource;
        }
        try {
            return notion.updateDataSource(dataSource.id(), absent.stream().map(Column::schema).toList());
        } catch (NotionException e) {
            throw new NotionException(e.status(), e.code(), "Could not add the columns " + String.join(" and ", missing(dataSource))
                    + " to \"" + dataSource.name() + "\": " + e.notionMessage(), e.requestId(), e);
        }
    }

    /**
     * Adds the missing status columns to the database a link names (its only data source, or the first one); answers
     * the names added (none when it had them).
     */
    public static List<String> addTo(NotionClient notion, String databaseLink) {
        Database database = notion.retrieveDatabase(NotionIds.parse(databaseLink));
        if (database.dataSources().isEmpty()) {
            throw new IllegalArgumentException("\"" + database.title() + "\" has no data source the integration can read.");
        }
        DataSource source = notion.retrieveDataSource(database.dataSources().getFirst().id());
        List<String> missing = missing(source);
        add(notion, source);
        return missing;
    }

    private static List<Column> absent(DataSource dataSource) {
        return COLUMNS.stream().filter(column -> dataSource.property(column.name()).isEmpty()).toList();
    }
}
