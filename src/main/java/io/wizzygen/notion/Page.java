package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A page (or a data source row) as read from Notion. Properties keep Notion's order. */
public record Page(NotionId id, String url, Map<String, PropertyValue> properties, boolean inTrash,
                   String createdTime, String lastEditedTime, JsonNode parent) {

    public Page {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The page's title (the value of its title property), or "" when it has none. */
    public String title() {
        return properties.values().stream().filter(v -> v instanceof PropertyValue.Title)
                .map(PropertyValue::asText).findFirst().orElse("");
    }

    public Optional<PropertyValue> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    static Page fromJson(JsonNode json) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        json.path("properties").properties().forEach(e -> properties.put(e.getKey(), PropertyValue.fromJson(e.getValue())));
        boolean trashed = json.path("in_trash").asBoolean(false) || json.path("archived").asBoolean(false);
        return new Page(NotionId.ofHex(json.path("id").asText()), json.path("url").asText(null), properties, trashed,
                json.path("created_time").asText(null), json.path("last_edited_time").asText(null), json.path("parent"));
    }
}
