package io.wizzygen.generation;

import io.wizzygen.notion.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The rows a database run processes, as query conditions: the run and a watch looking for work must agree on them. */
final class RowFilters {

    /** Output types Notion can tell empty in a filter ({@code is_empty}). */
    static final Set<String> EMPTYABLE = Set.of("rich_text", "title", "select", "multi_select", "status", "number", "url");

    private RowFilters() {
    }

    /** Ticked in {@code checkbox}, and with {@code onlyEmpty} (where the output's type allows it) an empty output. */
    static List<Filter> toProcess(String checkbox, String output, String outputType, boolean onlyEmpty) {
        List<Filter> conditions = new ArrayList<>(List.of(Filter.checkbox(checkbox, true)));
        if (onlyEmpty && EMPTYABLE.contains(outputType)) {
            conditions.add(Filter.isEmpty(output, outputType));
        }
        return conditions;
    }

    /** One condition as it is, several joined with "and". */
    static Filter all(List<Filter> conditions) {
        return conditions.size() == 1 ? conditions.getFirst() : Filter.and(conditions.toArray(Filter[]::new));
    }
}
