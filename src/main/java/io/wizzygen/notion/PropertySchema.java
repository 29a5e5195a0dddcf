package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One property of a data source's schema: its name, type, for select / multi_select / status the options a
 * value must come from, and the description a person gave it in Notion (null when none).
 */
public record PropertySchema(String name, String type, List<String> options, String description) {

    public PropertySchema {
        options = List.copyOf(options);
        description = description == null || description.isBlank() ? null : description.strip();
    }

    public PropertySchema(String name, String type, List<String> options) {
        this(name, type, options, null);
    }

    public static PropertySchema of(String name, String type, String... options) {
        return new PropertySchema(name, type, List.of(options));
    }

    /** The schema form used when creating a database: {@code {"<type>": {...}}}. */
    public ObjectNode toJson() {
        ObjectNode node = NotionHttp.JSON.createObjectNode();
        ObjectNode config = node.putObject(type);
        if (!options.isEmpty() && (type.equals("select") || type.equals("multi_select"))) {
            var array = config.putArray("options");
            options.forEach(option -> array.addObject().put("name", option));
        }
        return node;
    }

    static PropertySchema fromJson(String name, JsonNode json) {
        String type = json.path("type").asText();
        List<String> options = new ArrayList<>();
        json.path(type).path("options").forEach(option -> options.add(option.path("name").asText()));
        return new PropertySchema(name, type, options, json.path("description").isTextual() ? json.path("description").asText() : null);
    }
}
