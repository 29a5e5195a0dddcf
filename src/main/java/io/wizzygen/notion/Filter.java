package io.wizzygen.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/** A data source query filter in Notion's form, built from small named pieces. */
public record Filter(ObjectNode json) {

    /** Always with milliseconds, as Notion writes its own timestamps, so that the texts compare as the instants do. */
    private static final java.time.format.DateTimeFormatter TIMESTAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    public static Filter checkbox(String property, boolean equals) {
        ObjectNode node = property(property);
        node.putObject("checkbox").put("equals", equals);
        return new Filter(node);
    }

    /** A text condition on a rich_text or title property: equals, contains, does_not_equal, starts_with… */
    public static Filter text(String property, String propertyType, String condition, String value) {
        ObjectNode node = property(property);
        node.putObject(propertyType).put(condition, value);
        return new Filter(node);
    }

    public static Filter isEmpty(String property, String propertyType) {
        ObjectNode node = property(property);
        node.putObject(propertyType).put("is_empty", true);
        return new Filter(node);
    }

    public static Filter isNotEmpty(String property, String propertyType) {
        ObjectNode node = property(property);
        node.putObject(propertyType).put("is_not_empty", true);
        return new Filter(node);
    }

    /** select or status equals an option name. */
    public static Filter optionEquals(String property, String propertyType, String option) {
        ObjectNode node = property(property);
        node.putObject(propertyType).put("equals", option);
        return new Filter(node);
    }

    /** A number comparison: equals, greater_than, less_than, greater_than_or_equal_to, less_than_or_equal_to. */
    public static Filter number(String property, String condition, BigDecimal value) {
        ObjectNode node = property(property);
        node.putObject("number").put(condition, value);
        return new Filter(node);
    }

    /**
     * A condition on a page's own timestamp ({@code created_time} or {@code last_edited_time}): before, after,
     * on_or_before, on_or_after, equals. Notion keeps these to the minute.
     */
    public static Filter timestamp(String timestamp, String condition, java.time.Instant value) {
        ObjectNode node = NotionHttp.JSON.createObjectNode().put("timestamp", timestamp);
        node.putObject(timestamp).put(condition, TIMESTAMP.format(value));
        return new Filter(node);
    }

    public static Filter and(Filter... filters) {
        return compound("and", List.of(filters));
    }

    public static Filter or(Filter... filters) {
        return compound("or", List.of(filters));
    }

    private static Filter compound(String operator, List<Filter> filters) {
        ObjectNode node = NotionHttp.JSON.createObjectNode();
        var array = node.putArray(operator);
        filters.forEach(f -> array.add(f.json()));
        return new Filter(node);
    }

    private static ObjectNode property(String name) {
        return NotionHttp.JSON.createObjectNode().put("property", name);
    }
}
