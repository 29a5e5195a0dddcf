package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed property value of a Notion page, readable from a page and writable in an update.
 * {@link #toJson()} gives the write form (text split to Notion's limits); {@link #fromJson} reads the
 * response form.
 */
public sealed interface PropertyValue {

    /** Notion's type name, e.g. {@code rich_text}. */
    String type();

    /** The value as plain text, as a person would read it in a table cell. */
    String asText();

    /** The write form: {@code {"<type>": value}}. */
    default ObjectNode toJson() {
        throw new UnsupportedOperationException("Notion does not accept writes to a " + type() + " property");
    }

    record Title(String text) implements PropertyValue {
        public String type() { return "title"; }
        public String asText() { return text; }
        public ObjectNode toJson() { return wrap("title", RichText.of(text)); }
    }

    record Text(String text) implements PropertyValue {
        public String type() { return "rich_text"; }
        public String asText() { return text; }
        public ObjectNode toJson() { return wrap("rich_text", RichText.of(text)); }
    }

    record Checkbox(boolean checked) implements PropertyValue {
        public String type() { return "checkbox"; }
        public String asText() { return checked ? "Yes" : "No"; }
        public ObjectNode toJson() { return wrap("checkbox", NotionHttp.JSON.getNodeFactory().booleanNode(checked)); }
    }

    /** A select option by name; a null name clears the property. */
    record Select(String name) implements PropertyValue {
        public String type() { return "select"; }
        public String asText() { return name == null ? "" : name; }
        public ObjectNode toJson() { return wrap("select", option(name)); }
    }

    record Status(String name) implements PropertyValue {
        public String type() { return "status"; }
        public String asText() { return name == null ? "" : name; }
        public ObjectNode toJson() { return wrap("status", option(name)); }
    }

    record MultiSelect(List<String> names) implements PropertyValue {
        public MultiSelect { names = List.copyOf(names); }
        public String type() { return "multi_select"; }
        public String asText() { return String.join(", ", names); }
        public ObjectNode toJson() {
            ArrayNode options = NotionHttp.JSON.createArrayNode();
            names.stream().limit(NotionLimits.ARRAY_LENGTH).forEach(n -> options.addObject().put("name", n));
            return wrap("multi_select", options);
        }
    }

    /** A number; null clears the property. */
    record NumberValue(BigDecimal number) implements PropertyValue {
        public String type() { return "number"; }
        public String asText() { return number == null ? "" : number.stripTrailingZeros().toPlainString(); }
        public ObjectNode toJson() {
            return wrap("number", number == null ? NullNode.getInstance() : NotionHttp.JSON.getNodeFactory().numberNode(number));
        }
    }

    /** A URL; null clears the property (Notion refuses an empty string). */
    record Url(String url) implements PropertyValue {
        public String type() { return "url"; }
        public String asText() { return url == null ? "" : url; }
        public ObjectNode toJson() {
            return wrap("url", url == null || url.isEmpty() ? NullNode.getInstance() : NotionHttp.JSON.getNodeFactory().textNode(url));
        }
    }

    /** An email address; null clears the property. */
    record Email(String email) implements PropertyValue {
        public String type() { return "email"; }
        public String asText() { return email == null ? "" : email; }
        public ObjectNode toJson() { return wrap("email", textOrNull(email)); }
    }

    /** A phone number as written (Notion does not check its form); null clears the property. */
    record PhoneNumber(String number) implements PropertyValue {
        public String type() { return "phone_number"; }
        public String asText() { return number == null ? "" : number; }
        public ObjectNode toJson() { return wrap("phone_number", textOrNull(number)); }
    }

    /** A date or date range in ISO 8601 (a date or a date-time); a null start clears the property. */
    record DateValue(String start, String end) implements PropertyValue {
        public String type() { return "date"; }
        public String asText() { return start == null ? "" : end == null ? start : start + " → " + end; }
        public ObjectNode toJson() {
            if (start == null) {
                return wrap("date", NullNode.getInstance());
            }
            ObjectNode date = NotionHttp.JSON.createObjectNode().put("start", start);
            if (end != null) {
                date.put("end", end);
            }
            return wrap("date", date);
        }
    }

    /** Read-only timestamps Notion maintains itself. */
    record Timestamp(String type, String time) implements PropertyValue {
        public String asText() { return time == null ? "" : time; }
    }

    /**
     * Any other property type (email, people, relation, formula, rollup, unique_id …), kept raw so nothing read
     * is lost, and read as a person would read its cell.
     */
    record Unsupported(String type, JsonNode raw) implements PropertyValue {
        public String asText() { return readable(raw); }
    }

    /** Reads a property value in Notion's response form ({@code {"id":..,"type":..,"<type>":..}}). */
    static PropertyValue fromJson(JsonNode property) {
        String type = property.path("type").asText();
        JsonNode value = property.path(type);
        return switch (type) {
            case "title" -> new Title(RichText.plainText(value));
            case "rich_text" -> new Text(RichText.plainText(value));
            case "checkbox" -> new Checkbox(value.asBoolean(false));
            case "select" -> new Select(value.isObject() ? value.path("name").asText() : null);
            case "status" -> new Status(value.isObject() ? value.path("name").asText() : null);
            case "multi_select" -> {
                List<String> names = new ArrayList<>();
                value.forEach(option -> names.add(option.path("name").asText()));
                yield new MultiSelect(names);
            }
            case "number" -> new NumberValue(value.isNumber() ? value.decimalValue() : null);
            case "url" -> new Url(value.isTextual() ? value.asText() : null);
            case "email" -> new Email(value.isTextual() ? value.asText() : null);
            case "phone_number" -> new PhoneNumber(value.isTextual() ? value.asText() : null);
            case "date" -> value.isObject()
                    ? new DateValue(value.path("start").asText(null), value.path("end").isTextual() ? value.path("end").asText() : null)
                    : new DateValue(null, null);
            case "created_time", "last_edited_time" -> new Timestamp(type, value.asText(null));
            default -> new Unsupported(type, value);
        };
    }

    /**
     * A value as a person reads it: text as is, rich text as its plain text, people, files, places and options by
     * name, formula and rollup results by their value, a unique id with its prefix, lists joined by commas.
     */
    private static String readable(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            boolean richText = value.size() > 0 && value.get(0).has("plain_text");
            List<String> parts = new ArrayList<>();
            value.forEach(item -> parts.add(readable(item)));
            return String.join(richText ? "" : ", ", parts);
        }
        if (!value.isObject()) {
            return value.isBoolean() ? (value.asBoolean() ? "Yes" : "No") : value.asText();
        }
        if (value.has("plain_text")) {
            return value.get("plain_text").asText();
        }
        if (value.path("name").isTextual()) {
            return value.get("name").asText();
        }
        if (value.path("type").isTextual() && value.has(value.get("type").asText())) {
            return readable(value.get(value.get("type").asText()));
        }
        if (value.has("number") && value.has("prefix")) {
            return value.path("prefix").isTextual() ? value.get("prefix").asText() + "-" + value.path("number").asText()
                    : value.path("number").asText();
        }
        if (value.has("start")) {
            return new DateValue(value.path("start").asText(null), value.path("end").isTextual() ? value.get("end").asText() : null).asText();
        }
        for (String key : List.of("state", "id")) {
            if (value.path(key).isTextual()) {
                return value.get(key).asText();
            }
        }
        return "";
    }

    private static ObjectNode wrap(String type, JsonNode value) {
        ObjectNode node = NotionHttp.JSON.createObjectNode();
        node.set(type, value);
        return node;
    }

    private static JsonNode textOrNull(String text) {
        return text == null || text.isEmpty() ? NullNode.getInstance() : NotionHttp.JSON.getNodeFactory().textNode(text);
    }

    private static JsonNode option(String name) {
        return name == null || name.isEmpty() ? NullNode.getInstance() : NotionHttp.JSON.createObjectNode().put("name", name);
    }
}
