package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The demo engine's answer to a structured request: an object that fits the schema, filled with values that
 * say they are placeholders — the first option of a choice, "Demo: …" for text, 0, false, today's date.
 */
final class DemoJson {

    private DemoJson() {
    }

    static String answer(ResponseSchema schema, Map<String, String> rowValues) {
        String subject = rowValues.values().stream().filter(value -> value != null && !value.isBlank()).findFirst().orElse("");
        return value(schema.schema(), "Answer", subject).toString();
    }

    private static JsonNode value(JsonNode schema, String field, String subject) {
        for (JsonNode option : schema.path("enum")) {
            if (!option.isNull()) {
                return option;
            }
        }
        var json = ProviderHttp.JSON.getNodeFactory();
        return switch (type(schema)) {
            case "object" -> {
                ObjectNode object = ProviderHttp.JSON.createObjectNode();
                schema.path("properties").properties().forEach(p -> object.set(p.getKey(), value(p.getValue(), p.getKey(), subject)));
                yield object;
            }
            case "array" -> ProviderHttp.JSON.createArrayNode().add(value(schema.path("items"), field, subject));
            case "boolean" -> json.booleanNode(false);
            case "number", "integer" -> json.numberNode(0);
            case "null" -> json.nullNode();
            default -> json.textNode(text(schema, field, subject));
        };
    }

    private static String text(JsonNode schema, String field, String subject) {
        return switch (schema.path("format").asText()) {
            case "date" -> LocalDate.now(ZoneOffset.UTC).toString();
            case "date-time" -> OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
            case "email" -> "demo@example.com";
            default -> schema.path("pattern").asText().contains("https?://") ? "https://example.com/demo"
                    : "Demo: " + field + (subject.isEmpty() ? "" : " for “" + DemoEngine.firstWords(subject, 8) + "”");
        };
    }

    /** The first type other than "null": a field that may be empty still gets a value, to show what it would hold. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode name : type) {
                if (!name.asText().equals("null")) {
                    return name.asText();
                }
            }
            return "null";
        }
        return type.asText("string");
    }
}
