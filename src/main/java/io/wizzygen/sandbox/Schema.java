package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Data source schemas and page property values: turns request forms into Notion's stored (response) forms,
 * checking them against the schema the way Notion does.
 */
final class Schema {

    static final Set<String> SUPPORTED_TYPES = Set.of("title", "rich_text", "checkbox", "select", "multi_select",
            "status", "number", "url", "date", "created_time", "last_edited_time", "email", "phone_number", "people",
            "files", "relation", "created_by", "last_edited_by", "unique_id");
    /** Types whose values Notion computes: a request cannot write them. */
    static final Set<String> READ_ONLY = Set.of("created_time", "last_edited_time", "created_by", "last_edited_by", "unique_id");
    private static final List<String> COLORS = List.of("gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red");
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The database of a shared data source, for relation properties; empty when there is none. */
    @FunctionalInterface
    interface DataSources {
        Optional<String> databaseOf(String dataSourceId);
    }

    private Schema() {
    }

    /** A data source's properties in response form, from a create request's {@code properties}. */
    static ObjectNode properties(JsonNode request, String path, DataSources dataSources) {
        if (!request.isObject() || request.isEmpty()) {
            throw ApiError.validation("body failed validation: " + path + " should be defined, instead was `undefined`.");
        }
        ObjectNode schema = Json.object();
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            schema.set(entry.getKey(), property(entry.getKey(), entry.getValue(), null, path + "." + entry.getKey(), dataSources));
        }
        checkOneTitle(schema, path);
        return schema;
    }

    /**
     * Applies an update request's {@code properties} to a schema, as Notion does: a new name adds a property,
     * an existing one (by name or id) is reconfigured or renamed ({@code "name"}), {@code null} removes it.
     * Select options are merged by name, so existing options keep their ids.
     */
    static ObjectNode update(ObjectNode schema, JsonNode request, String path, DataSources dataSources) {
        if (!request.isObject()) {
            throw ApiError.validation("body failed validation: " + path + " should be an object, instead was `" + Json.abbreviate(request) + "`.");
        }
        ObjectNode updated = schema.deepCopy();
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            String propertyPath = path + "." + entry.getKey();
            ObjectNode existing = find(updated, entry.getKey());
            if (entry.getValue().isNull()) {
                if (existing == null) {
                    throw ApiError.validation(entry.getKey() + " is not a property that exists.");
                }
                updated.remove(existing.get("name").asText());
                continue;
            }
            String name = entry.getValue().path("name").asText(existing == null ? entry.getKey() : existing.get("name").asText());
            ObjectNode property = property(name, entry.getValue(), existing, propertyPath, dataSources);
            if (existing != null) {
                updated.remove(existing.get("name").asText());
            }
            updated.set(name, property);
        }
        checkOneTitle(updated, path);
        return updated;
    }

    private static void checkOneTitle(ObjectNode schema, String path) {
        long titles = schema.properties().stream().filter(e -> e.getValue().path("type").asText().equals("title")).count();
        if (titles != 1) {
            throw ApiError.validation("body failed validation: " + path + " must contain exactly one title property, instead had " + titles + ".");
        }
    }

    /** One property in response form from its request form; {@code existing} (or null) is the property it reconfigures. */
    private static ObjectNode property(String name, JsonNode config, ObjectNode existing, String path, DataSources dataSources) {
        String type = typeOf(config, existing);
        if (!SUPPORTED_TYPES.contains(type)) {
            throw ApiError.validation("body failed validation: " + path + " has type `" + type
                    + "`, which this sandbox does not support. Use one of " + new java.util.TreeSet<>(SUPPORTED_TYPES) + ".");
        }
        boolean sameType = existing != null && existing.path("type").asText().equals(type);
        ObjectNode property = Json.object();
        property.put("id", existing != null ? existing.get("id").asText() : type.equals("title") ? "title" : propertyId());
        property.put("name", name);
        JsonNode description = config.has("description") ? config.get("description") : existing == null ? NullNode.getInstance() : existing.path("description");
        property.set("description", description.isTextual() ? description : NullNode.getInstance());
        property.put("type", type);
        JsonNode given = config.path(type);
        ObjectNode typeConfig = property.putObject(type);
        switch (type) {
            case "select", "multi_select" -> {
                ArrayNode options = typeConfig.putArray("options");
                if (sameType) {
                    existing.path(type).path("options").forEach(option -> options.add(option.deepCopy()));
                }
                given.path("options").forEach(option -> {
                    String optionName = option.path("name").asText();
                    boolean known = false;
                    for (JsonNode kept : options) {
                        known |= kept.path("name").asText().equals(optionName);
                    }
                    if (!known) {
                        addOption(options, optionName, option.path("color").asText(null));
                    }
                });
            }
            case "status" -> {
                if (sameType) {
                    property.set(type, existing.get(type).deepCopy());
                } else {
                    defaultStatus(typeConfig);
                }
            }
            case "number" -> typeConfig.put("format", given.path("format").asText(sameType ? existing.path(type).path("format").asText("number") : "number"));
            case "unique_id" -> typeConfig.set("prefix", given.path("prefix").isTextual() ? given.get("prefix") : NullNode.getInstance());
            case "relation" -> {
                String target = Json.normalizeId(given.path("data_source_id").asText(null));
                Optional<String> database = target == null ? Optional.empty() : dataSources.databaseOf(target);
                if (database.isEmpty()) {
                    throw ApiError.validation("body failed validation: " + path + ".relation.data_source_id should name a data source shared with the "
                            + "integration, instead was `" + Json.abbreviate(given.path("data_source_id")) + "`.");
                }
                typeConfig.put("database_id", database.get()).put("data_source_id", target).put("type", "single_property")
                        .putObject("single_property");
            }
            default -> {
            }
        }
        return property;
    }

    /** The type a property request names: {@code "type"}, else its one configuration key, else the existing type. */
    private static String typeOf(JsonNode config, ObjectNode existing) {
        if (config.path("type").isTextual()) {
            return config.get("type").asText();
        }
        for (String key : Json.names(config)) {
            if (!key.equals("name") && !key.equals("description") && config.get(key).isObject()) {
                return key;
            }
        }
        return existing == null ? "" : existing.path("type").asText();
    }

    /** Notion's three default status options and their groups. */
    private static void defaultStatus(ObjectNode config) {
        ArrayNode options = config.putArray("options");
        ArrayNode groups = config.putArray("groups");
        String[][] defaults = {{"Not started", "default", "To-do", "gray"}, {"In progress", "blue", "In progress", "blue"}, {"Done", "green", "Complete", "green"}};
        for (String[] status : defaults) {
            ObjectNode option = addOption(options, status[0], status[1]);
            groups.addObject().put("id", Json.newId()).put("name", status[2]).put("color", status[3])
                    .putArray("option_ids").add(option.get("id").asText());
        }
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
            if (type.equals("relation")) {
                out.put("has_more", false);
            }
            stored.set(name, out);
        }
    }

    /** An empty value of every schema property, for the row numbered {@code rowNumber} (its unique id). */
    static ObjectNode emptyValues(ObjectNode schema, int rowNumber) {
        ObjectNode values = Json.object();
        schema.properties().forEach(entry -> values.set(entry.getKey(), emptyValue(entry.getValue(), rowNumber)));
        return values;
    }

    /** A property's empty value (Notion's answer for a row that never set it). */
    static ObjectNode emptyValue(JsonNode property, int rowNumber) {
        String type = property.get("type").asText();
        ObjectNode out = Json.object().put("id", property.get("id").asText()).put("type", type);
        switch (type) {
            case "title", "rich_text", "multi_select", "people", "files" -> out.putArray(type);
            case "relation" -> {
                out.putArray(type);
                out.put("has_more", false);
            }
            case "checkbox" -> out.put(type, false);
            case "created_time", "last_edited_time" -> out.put(type, "");
            case "unique_id" -> out.putObject(type).put("number", rowNumber).set("prefix", property.path(type).path("prefix"));
            default -> out.putNull(type);
        }
        return out;
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
            case "url", "email", "phone_number" -> {
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
            case "people", "relation" -> references(type, value, path);
            case "files" -> files(value, path);
            default -> throw ApiError.validation("body failed validation: " + path + " cannot be written: Notion sets " + type + " itself.");
        };
    }

    /** People and relation values: a list of ids (users or pages), kept as Notion answers them. */
    private static ArrayNode references(String type, JsonNode value, String path) {
        if (!value.isArray()) {
            throw ApiError.validation("body failed validation: " + path + " should be an array, instead was `" + Json.abbreviate(value) + "`.");
        }
        ArrayNode out = Json.array();
        for (int i = 0; i < value.size(); i++) {
            String id = Json.normalizeId(value.get(i).path("id").asText(null));
            if (id == null) {
                throw ApiError.validation("body failed validation: " + path + "[" + i + "].id should be a valid uuid, instead was `"
                        + Json.abbreviate(value.get(i).path("id")) + "`.");
            }
            ObjectNode reference = out.addObject();
            if (type.equals("people")) {
                reference.put("object", "user");
            }
            reference.put("id", id);
        }
        return out;
    }

    /** Files values: external files with a name (the sandbox keeps no uploads). */
    private static ArrayNode files(JsonNode value, String path) {
        if (!value.isArray()) {
            throw ApiError.validation("body failed validation: " + path + " should be an array, instead was `" + Json.abbreviate(value) + "`.");
        }
        ArrayNode out = Json.array();
        for (int i = 0; i < value.size(); i++) {
            JsonNode file = value.get(i);
            String url = file.path("external").path("url").asText(null);
            if (url == null) {
                throw ApiError.validation("body failed validation: " + path + "[" + i + "].external.url should be defined, instead was `undefined`."
                        + " (The sandbox keeps no file uploads: give an external url.)");
            }
            out.addObject().put("name", file.path("name").asText(url)).put("type", "external").putObject("external").put("url", url);
        }
        return out;
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
        return options.addObject().put("id", Json.newId()).put("name", name)
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
            case "url", "email", "phone_number", "created_time", "last_edited_time" -> v.isTextual() ? v.asText() : null;
            case "unique_id" -> v.isObject() ? new java.math.BigDecimal(v.path("number").asInt()) : null;
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
