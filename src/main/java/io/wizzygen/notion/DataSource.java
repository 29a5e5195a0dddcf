package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A data source (the table inside a database): its name and schema, in Notion's property order. */
public record DataSource(NotionId id, String name, NotionId databaseId, Map<String, PropertySchema> properties) {

    public DataSource {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public Optional<PropertySchema> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The name of the title property (every data source has exactly one). */
    public String titleProperty() {
        return properties.values().stream().filter(p -> p.type().equals("title"))
                .map(PropertySchema::name).findFirst().orElse("Name");
    }

    static DataSource fromJson(JsonNode json) {
        Map<String, PropertySchema> properties = new LinkedHashMap<>();
        json.path("properties").properties().forEach(e -> properties.put(e.getKey(), PropertySchema.fromJson(e.getKey(), e.getValue())));
        JsonNode parent = json.path("parent");
        String database = parent.path("database_id").asText(json.path("database_parent").path("database_id").asText(""));
        return new DataSource(NotionId.ofHex(json.path("id").asText()), RichText.plainText(json.path("title")),
                database.isEmpty() ? null : NotionId.ofHex(database), properties);
    }
}
