package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Data source query semantics: property filters (checkbox; title/rich_text/url/email/phone_number equals, contains, starts_with,
 * ends_with, is_empty, is_not_empty; select/status equals; number comparisons), and/or compounds, and sorts by
 * property or timestamp.
 */
final class QueryEngine {

    private QueryEngine() {
    }

    static Predicate<ObjectNode> filter(JsonNode filter, ObjectNode schema, String path) {
        if (filter == null || filter.isMissingNode() || filter.isNull()) {
            return page -> true;
        }
        if (filter.has("and") || filter.has("or")) {
            boolean and = filter.has("and");
            JsonNode parts = filter.get(and ? "and" : "or");
            List<Predicate<ObjectNode>> predicates = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                predicates.add(filter(parts.get(i), schema, path + "." + (and ? "and" : "or") + "[" + i + "]"));
            }
            return and ? page -> predicates.stream().allMatch(p -> p.test(page))
                    : page -> predicates.stream().anyMatch(p -> p.test(page));
        }
        if (filter.has("timestamp")) {
            String timestamp = filter.get("timestamp").asText();
            Map.Entry<String, JsonNode> condition = only(filter.path(timestamp), path + "." + timestamp);
            String value = condition.getValue().asText();
            return page -> compareText(page.path(timestamp).asText(), condition.getKey(), value);
        }
        String name = filter.path("property").asText(null);
        ObjectNode property = name == null ? null : Schema.find(schema, name);
        if (property == null) {
            throw ApiError.validation("Could not find property with name or id: " + name);
        }
        String propertyName = property.get("name").asText();
        String kind = filter.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("property")).findFirst()
                .orElseThrow(() -> ApiError.validation("body failed validation: " + path + " should have a condition."));
        Map.Entry<String, JsonNode> condition = only(filter.get(kind), path + "." + kind);
        String operator = condition.getKey();
        JsonNode operand = condition.getValue();
        return page -> {
            Object value = Schema.comparable(page.path("properties").path(propertyName));
            return switch (kind) {
                case "checkbox" -> matchCheckbox(value, operator, operand);
                case "title", "rich_text", "url", "email", "phone_number", "select", "status", "multi_select", "date" -> matchText(value, operator, operand);
                case "number" -> matchNumber(value, operator, operand);
                default -> throw ApiError.validation("body failed validation: " + path + "." + kind + " is not a filter this sandbox supports.");
            };
        };
    }

    private static Map.Entry<String, JsonNode> only(JsonNode condition, String path) {
        if (!condition.isObject() || condition.size() != 1) {
            throw ApiError.validation("body failed validation: " + path + " should have exactly one condition, instead was `" + Json.abbreviate(condition) + "`.");
        }
        return condition.properties().iterator().next();
    }

    private static boolean matchCheckbox(Object value, String operator, JsonNode operand) {
        boolean checked = Boolean.TRUE.equals(value);
        return switch (operator) {
            case "equals" -> checked == operand.asBoolean();
            case "does_not_equal" -> checked != operand.asBoolean();
            default -> throw ApiError.validation("Unsupported checkbox condition: " + operator);
        };
    }

    private static boolean matchText(Object value, String operator, JsonNode operand) {
        String text = value == null ? "" : value.toString();
        String wanted = operand.asText();
        return switch (operator) {
            case "equals" -> text.equals(wanted);
            case "does_not_equal" -> !text.equals(wanted);
            case "contains" -> text.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            case "does_not_contain" -> !text.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            case "starts_with" -> text.startsWith(wanted);
            case "ends_with" -> text.endsWith(wanted);
            case "is_empty" -> text.isEmpty();
            case "is_not_empty" -> !text.isEmpty();
            case "before", "after", "on_or_before", "on_or_after" -> compareText(text, operator, wanted);
            default -> throw ApiError.validation("Unsupported text condition: " + operator);
        };
    }

    private static boolean compareText(String text, String operator, String wanted) {
        if (text.isEmpty()) {
            return operator.equals("is_empty");
        }
        int c = text.compareTo(wanted);
        return switch (operator) {
            case "before" -> c < 0;
            case "after" -> c > 0;
            case "on_or_before" -> c <= 0;
            case "on_or_after" -> c >= 0;
            case "equals" -> c == 0;
            case "is_not_empty" -> true;
            default -> throw ApiError.validation("Unsupported timestamp condition: " + operator);
        };
    }

    private static boolean matchNumber(Object value, String operator, JsonNode operand) {
        if (operator.equals("is_empty")) {
            return value == null;
        }
        if (operator.equals("is_not_empty")) {
            return value != null;
        }
        if (value == null) {
            return operator.equals("does_not_equal");
        }
        int c = ((BigDecimal) value).compareTo(operand.decimalValue());
        return switch (operator) {
            case "equals" -> c == 0;
            case "does_not_equal" -> c != 0;
            case "greater_than" -> c > 0;
            case "less_than" -> c < 0;
            case "greater_than_or_equal_to" -> c >= 0;
            case "less_than_or_equal_to" -> c <= 0;
            default -> throw ApiError.validation("Unsupported number condition: " + operator);
        };
    }

    /** Sorts in Notion's order: the given sorts first, then creation order (the rows' stored order). */
    static Comparator<ObjectNode> sorts(JsonNode sorts, ObjectNode schema) {
        Comparator<ObjectNode> comparator = (a, b) -> 0;
        for (JsonNode sort : sorts) {
            boolean descending = sort.path("direction").asText("ascending").equals("descending");
            Comparator<ObjectNode> next;
            if (sort.has("timestamp")) {
                String timestamp = sort.get("timestamp").asText();
                next = Comparator.comparing(page -> page.path(timestamp).asText());
            } else {
                ObjectNode property = Schema.find(schema, sort.path("property").asText());
                if (property == null) {
                    throw ApiError.validation("Could not find sort property with name or id: " + sort.path("property").asText());
                }
                String name = property.get("name").asText();
                next = Comparator.comparing(page -> Schema.comparable(page.path("properties").path(name)), QueryEngine::compareValues);
            }
            comparator = comparator.thenComparing(descending ? next.reversed() : next);
        }
        return comparator;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareToIgnoreCase(sb);
        }
        return ((Comparable) a).compareTo(b);
    }
}
