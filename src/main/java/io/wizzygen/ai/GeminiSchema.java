package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Set;

/**
 * A {@link ResponseSchema}'s JSON Schema in the OpenAPI subset of Gemini's {@code responseSchema}: upper-case
 * types, {@code nullable} instead of a type array with "null", enums as {@code format: "enum"}, and
 * {@code propertyOrdering} so Gemini writes the fields in the order the schema lists them. Keywords outside the
 * subset ({@code additionalProperties}, {@code pattern}) are left out: Gemini would ignore or refuse them, and
 * every answer is validated afterwards anyway.
 */
final class GeminiSchema {

    private static final Set<String> STRING_FORMATS = Set.of("date", "date-time", "email");

    private GeminiSchema() {
    }

    static ObjectNode of(JsonNode schema) {
        ObjectNode gemini = ProviderHttp.JSON.createObjectNode();
        String type = "";
        boolean nullable = false;
        for (JsonNode name : schema.path("type").isArray() ? schema.path("type") : ProviderHttp.JSON.createArrayNode().add(schema.path("type"))) {
            if (name.asText().equals("null")) {
                nullable = true;
            } else {
                type = name.asText();
            }
        }
        gemini.put("type", type.toUpperCase(Locale.ROOT));
        if (nullable) {
            gemini.put("nullable", true);
        }
        if (schema.hasNonNull("description")) {
            gemini.put("description", schema.get("description").asText());
        }
        if (schema.has("enum")) {
            ArrayNode values = gemini.put("format", "enum").putArray("enum");
            schema.get("enum").forEach(value -> {
                if (!value.isNull()) {
                    values.add(value.asText());
                }
            });
        } else if (STRING_FORMATS.contains(schema.path("format").asText())) {
            gemini.put("format", schema.get("format").asText());
        }
        for (String bound : new String[] {"minItems", "maxItems"}) {
            if (schema.has(bound)) {
                gemini.put(bound, schema.get(bound).asLong());
            }
        }
        if (schema.has("items")) {
            gemini.set("items", of(schema.get("items")));
        }
        if (schema.has("properties")) {
            ObjectNode properties = gemini.putObject("properties");
            ArrayNode ordering = ProviderHttp.JSON.createArrayNode();
            schema.get("properties").properties().forEach(property -> {
                properties.set(property.getKey(), of(property.getValue()));
                ordering.add(property.getKey());
            });
            if (schema.has("required")) {
                gemini.set("required", schema.get("required").deepCopy());
            }
            gemini.set("propertyOrdering", ordering);
        }
        return gemini;
    }
}
