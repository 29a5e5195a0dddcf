package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data source schemas and page property values: turns request forms into Notion's stored (response) forms,
 * checking them against the schema the way Notion does.
 */
final class Schema {

    static final Set<String> SUPPORTED_TYPES = Set.of("title", "rich_text", "checkbox", "select", "multi_select",
            "status", "number", "url", "date", "created_time", "last_edited_time");
    private static final List<String> COLORS = List.of("gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red");
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Schema() {
    }

    /** A data source's properties in response form, from a create-database request's {@code properties}. */
    static ObjectNode properties(JsonNode request, String path) {
        if (!request.isObject() || request.isEmpty()) {
            throw ApiError.validation("body failed validation: " + path + " should be defined, instead was `undefined`.");
        }
        ObjectNode schema = Json.object();
        int titles = 0;
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            String name = entry.getKey();
            JsonNode config = entry.getValue();
            String type = config.path("type").asText(config.isObject() && config.size() > 0 ? config.properties().iterator().next().getKey() : "");
            if (type.equals("type") && config.size() > 1) {
                type = config.get("type").asText();
            }
            if (!SUPPORTED_TYPES.contains(type)) {
                throw ApiError.validation("body failed validation: " + path + "." + name + " has type `" + type
                        + "`, which this sandbox does not support. Use one of " + SUPPORTED_TYPES + ".");
            }
            titles += type.equals("title") ? 1 : 0;
            ObjectNode property = schema.putObject(name);
            property.put("id", type.equals("title") ? "title" : propertyId()).put("name", name).putNull("description").put("type", type);
            ObjectNode typeConfig = property.putObject(type);
            switch (type) {
                case "select", "multi_select" -> {
                    ArrayNode options = typeConfig.putArray("options");
                    config.path(type).path("options").forEach(option -> addOption(options, option.path("name").asText(), option.path("color").asText(null)));
                }
                case "status" -> {
                    ArrayNode options = typeConfig.putArray("options");
                    for (String option : List.of("Not started", "In progress", "Done")) {
                        addOption(options, option, null);
                    }
                    typeConfig.putArray("groups");
                }
                case "number" -> typeConfig.put("format", config.path("number").path("format").asText("number"));
                default -> {
                }
            }
        }
        if (titles != 1) {
            throw ApiError.validation("body failed validation: " + path + " must contain exactly one title property, instead had " + titles + ".");
        }
        return schema;
    }

    /**
     * Applies a request's property values to a page's stored properties, checking each against the schema.
     * Select options that do not exist yet are created, as Notion does.
     */
    static void write(ObjectNode schema, ObjectNode stored, JsonNode request, String path) {
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            ObjectNode property = find(schema, entry.getKey());
            if (property == null) {
                throw ApiError.validation(entry.getKey() + " is not a property that exists.");
            }
            String name = property.get("name").asText();
            String type = property.get("type").asText();
            JsonNode given = entry.getValue();
            String valuePath = path + "." + entry.getKey();
            JsonNode value = given.has(type) ? given.get(type) : given;
            if (given.isObject() && given.size() > 0 && !given.has(type) && !given.has("type")) {
                String sent = given.properties().iterator().next().getKey();
                throw ApiError.validation("body failed validation: " + valuePath + "." + type + " should be defined, instead was `undefined`."
                        + " (the property \"" + name + "\" is a " + type + " property, not " + sent + ")");
            }
            ObjectNode out = Json.object().put("id", property.get("id").asText()).put("type", type);
            out.set(type, convert(property, type, value, valuePath + "." + type));
            stored.set(name, out);
        }
    }

    /** An empty value of every schema property, for a new row. */
    static ObjectNode emptyValues(ObjectNode schema) {
        ObjectNode values = Json.object();
        schema.properties().forEach(entry -> {
            String type = entry.getValue().get("type").asText();
            ObjectNode out = values.putObject(entry.getKey()).put("id", entry.getValue().get("id").asText()).put("type", type);
            switch (type) {
                case "title", "rich_text", "multi_select" -> out.putArray(type);
                case "checkbox" -> out.put(type, false);
                case "created_time", "last_edited_time" -> out.put(type, "");
                default -> out.putNull(type);
            }
        });
        return values;
    }

    private static JsonNode convert(ObjectNode property, String type, JsonNode value, String path) {
        return switch (type) {
            case "title", "rich_text" -> Json.toResponseRichText(value, path);
            case "checkbox" -> {
                if (!value.isBoolean()) {
                    throw ApiError.validation("body failed validation: " + path + " should be a boolean, instead was `" + Json.abbreviate(value) + "`.");
                }
                yield value;
            }
            case "select", "status" -> value.isNull() ? NullNode.getInstance() : option(property, type, value, path);
            case "multi_select" -> {
                if (!value.isArray()) {
                    throw ApiError.validation("body failed validation: " + path + " should be an array, instead was `" + Json.abbreviate(value) + "`.");
                }
                if (value.size() > 100) {
                    throw ApiError.tooLong(path, 100, value.size());
                }
                ArrayNode chosen = Json.array();
                value.forEach(item -> chosen.add(option(property, type, item, path)));
                yield chosen;
            }
            case "number" -> {
                if (!value.isNull() && !value.isNumber()) {
                    throw ApiError.validation("body failed validation: " + path + " should be a number or `null`, instead was `" + Json.abbreviate(value) + "`.");
                }
                yield value;
            }
            case "url" -> {
                if (!value.isNull() && !value.isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + " should be a string or `null`, instead was `" + Json.abbreviate(value) + "`.");
                }
                if (value.isTextual() && value.asText().length() > 2000) {
                    throw ApiError.tooLong(path, 2000, value.asText().length());
                }
                yield value;
            }
            case "date" -> {
                if (value.isNull()) {
                    yield value;
                }
                if (!value.path("start").isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".start should be defined, instead was `undefined`.");
                }
                ObjectNode date = Json.object().put("start", value.get("start").asText());
                date.set("end", value.path("end").isTextual() ? value.get("end") : NullNode.getInstance());
                date.set("time_zone", value.path("time_zone").isTextual() ? value.get("time_zone") : NullNode.getInstance());
                yield date;
            }
            default -> throw ApiError.validation("body failed validation: " + path + " cannot be written: Notion sets " + type + " itself.");
        };
    }

    private static JsonNode option(ObjectNode property, String type, JsonNode value, String path) {
        String name = value.path("name").asText(null);
        String id = value.path("id").asText(null);
        ArrayNode options = (ArrayNode) property.path(type).path("options");
        for (JsonNode option : options) {
            if (option.path("name").asText().equals(name) || option.path("id").asText().equals(id)) {
                return Json.object().put("id", option.get("id").asText()).put("name", option.get("name").asText())
                        .put("color", option.get("color").asText());
            }
        }
        if (name == null) {
            throw ApiError.validation("body failed validation: " + path + ".name should be defined, instead was `undefined`.");
        }
        if (type.equals("status")) {
            throw ApiError.validation("Invalid status option. Status option \"" + name + "\" does not exist.");
        }
        if (name.contains(",")) {
            throw ApiError.validation("body failed validation: " + path + ".name should not contain a comma, instead was `" + name + "`.");
        }
        ObjectNode added = addOption(options, name, null);
        return Json.object().put("id", added.get("id").asText()).put("name", name).put("color", added.get("color").asText());
    }

    private static ObjectNode addOption(ArrayNode options, String name, String color) {
        return options.addObject().put("id", propertyId()).put("name", name)
                .put("color", color == null ? COLORS.get(Math.floorMod(name.hashCode(), COLORS.size())) : color)
                .putNull("description");
    }

    /** The schema property with this name or id. */
    static ObjectNode find(ObjectNode schema, String nameOrId) {
        if (schema.has(nameOrId)) {
            return (ObjectNode) schema.get(nameOrId);
        }
        for (JsonNode property : schema) {
            if (property.path("id").asText().equals(nameOrId)) {
                return (ObjectNode) property;
            }
        }
        return null;
    }

    /** The comparable value of a stored property, for filters and sorts: text, number, boolean or null. */
    static Object comparable(JsonNode value) {
        String type = value.path("type").asText();
        JsonNode v = value.path(type);
        return switch (type) {
            case "title", "rich_text" -> Json.plainText(v);
            case "checkbox" -> v.asBoolean(false);
            case "select", "status" -> v.isObject() ? v.path("name").asText() : null;
            case "number" -> v.isNumber() ? v.decimalValue() : null;
            case "url", "created_time", "last_edited_time" -> v.isTextual() ? v.asText() : null;
            case "date" -> v.isObject() ? v.path("start").asText() : null;
            case "multi_select" -> {
                StringBuilder names = new StringBuilder();
                v.forEach(option -> names.append(names.isEmpty() ? "" : ",").append(option.path("name").asText()));
                yield names.toString();
            }
            default -> null;
        };
    }

    private static String propertyId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }
}
