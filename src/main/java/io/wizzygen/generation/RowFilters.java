package io.wizzygen.generation;

import io.wizzygen.notion.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The rows a database run processes, as query conditions: the run and a watch looking for work must agree on them. */
final class RowFilters {

    /** Output types Notion can tell empty in a filter ({@code is_empty}). */
    static final Set<String> EMPTYABLE = Set.of("rich_text", "title", "select", "multi_select", "status", "number", "url", "date");

    private RowFilters() {
    }

    /**
     * Ticked in {@code checkbox}; with {@code onlyEmpty}, also every output Notion can tell empty still empty
     * ({@code outputs} and {@code types} name the outputs and their property types, in the same order).
     */
    static List<Filter> toProcess(String checkbox, List<String> outputs, List<String> types, boolean onlyEmpty) {
        List<Filter> conditions = new ArrayList<>(List.of(Filter.checkbox(checkbox, true)));
        if (onlyEmpty) {
            conditions.addAll(empty(outputs, types));
        }
        return conditions;
    }

    /** "Is empty" for each output whose type Notion can tell empty. */
    static List<Filter> empty(List<String> outputs, List<String> types) {
        List<Filter> conditions = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            if (EMPTYABLE.contains(types.get(i))) {
                conditions.add(Filter.isEmpty(outputs.get(i), types.get(i)));
            }
        }
        return conditions;
    }

    /** One condition as it is, several joined with "and". */
    static Filter all(List<Filter> conditions) {
        return conditions.size() == 1 ? conditions.getFirst() : Filter.and(conditions.toArray(Filter[]::new));
    }
}
