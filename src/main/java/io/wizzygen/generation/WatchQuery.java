package io.wizzygen.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.notion.Filter;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a watch looks for in a planned database, in one query: the rows a run would process (ticked, and with an empty
 * outputs when the run takes only empty outputs) edited since a moment; and, when new rows count too, rows created
 * since the watch began that are not ticked, have a title and empty outputs. It is kept with the watch, so a poll
 * costs that one query and no look at the schema.
 */
public record WatchQuery(String dataSourceId, String databaseId, String checkbox, List<String> outputs, List<String> outputTypes, String title,
                         boolean onlyEmpty) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row the query found: {@code ticked} false means a new row that waits to be ticked. */
    public record Seen(String id, String title, boolean ticked, String lastEdited) {
    }

    /** The query of a checked plan. */
    public static WatchQuery of(DatabaseRunner.Plan plan) {
        return new WatchQuery(plan.source().id().value(), plan.source().databaseId() == null ? null : plan.source().databaseId().value(),
                plan.checkbox().name(), plan.outputs().stream().map(PropertySchema::name).toList(),
                plan.outputs().stream().map(PropertySchema::type).toList(), plan.source().titleProperty(), plan.job().onlyEmpty());
    }

    /** Whether Notion can tell an output empty, which new rows need (a checkbox output cannot say "not written yet"). */
    public boolean canFindNewRows() {
        return !RowFilters.empty(outputs, outputTypes).isEmpty();
    }

    /**
     * The rows changed since {@code editedSince} (null: whenever) that a run would process, and with {@code createdSince}
     * the new rows to tick (created since then). Read lazily, {@code pageSize} rows a request.
     */
    public Stream<Seen> changed(NotionClient notion, Instant editedSince, Instant createdSince, int pageSize) {
        List<Filter> ticked = new ArrayList<>(RowFilters.toProcess(checkbox, outputs, outputTypes, onlyEmpty));
        if (editedSince != null) {
            ticked.add(Filter.timestamp("last_edited_time", "on_or_after", editedSince));
        }
        Filter filter = RowFilters.all(ticked);
        if (createdSince != null && canFindNewRows()) {
            List<Filter> fresh = new ArrayList<>(List.of(Filter.checkbox(checkbox, false), Filter.isNotEmpty(title, "title"),
                    Filter.timestamp("created_time", "on_or_after", createdSince)));
            fresh.addAll(RowFilters.empty(outputs, outputTypes));
            if (editedSince != null) {
                fresh.add(Filter.timestamp("last_edited_time", "on_or_after", editedSince));
            }
            // Two levels of nesting (or → and → conditions), as deep as Notion allows.
            filter = Filter.or(filter, RowFilters.all(fresh));
        }
        return notion.queryDataSource(NotionIds.parse(dataSourceId), Query.where(filter).withPageSize(pageSize)).map(this::seen);
    }

    private Seen seen(Page page) {
        boolean ticked = page.property(checkbox).map(value -> value instanceof PropertyValue.Checkbox box && box.checked()).orElse(false);
        return new Seen(page.id().value(), page.title(), ticked, page.lastEditedTime());
    }

    /** Ticks a row (one page update), so that the next run processes it as any ticked row. */
    public void tick(NotionClient notion, String rowId) {
        notion.updatePage(NotionIds.parse(rowId), Map.of(checkbox, new PropertyValue.Checkbox(true)));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static WatchQuery fromJson(String text) {
        try {
            return JSON.readValue(text, WatchQuery.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored watch's query cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
