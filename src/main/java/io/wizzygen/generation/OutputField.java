package io.wizzygen.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One output property as a field of the answer's JSON: its JSON Schema (the property's Notion description first,
 * as the field's instruction) and the reading of the AI's value as a Notion value. A fact that may not exist in
 * the row (a number, date, web address, email, phone) may be null, which leaves the property empty; text may be
 * empty, a multi-select an empty list, a checkbox false, and a select or status must pick one of its options.
 */
record OutputField(PropertySchema property, boolean allowNewOptions) {

    static final List<String> TYPES = List.of("title", "rich_text", "number", "checkbox", "url", "email", "phone_number", "date",
            "select", "status", "multi_select");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MAY_BE_EMPTY = Set.of("number", "url", "email", "phone_number", "date");
    private static final Pattern WEB_ADDRESS = Pattern.compile("(?i)https?://\\S+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Notion's limit on an option's name; commas are not allowed in one either. */
    private static final int OPTION_LENGTH = 100;

    OutputField {
        if (!TYPES.contains(property.type())) {
            throw new IllegalArgumentException(property.name() + " is a " + property.type().replace('_', ' ') + " property, which an AI "
                    + "answer cannot fill. Choose outputs of these types: " + String.join(", ", TYPES).replace('_', ' ') + ".");
        }
        if (property.options().isEmpty() && isChoice(property.type()) && !takesNewOptions(property.type(), allowNewOptions)) {
            throw new IllegalArgumentException(property.name() + " is a " + property.type().replace('_', ' ') + " property with no "
                    + "options yet: add its options in Notion" + (property.type().equals("status") ? "." : ", or allow new options."));
        }
    }

    String name() {
        return property.name();
    }

    ObjectNode schema() {
        String type = property.type();
        ObjectNode schema = JSON.createObjectNode();
        switch (type) {
            case "number" -> schema.put("type", "number");
            case "checkbox" -> schema.put("type", "boolean");
            case "date" -> schema.put("type", "string").put("format", "date");
            case "email" -> schema.put("type", "string").put("format", "email");
            // OpenAI's strict mode refuses format "uri"; a pattern it accepts says the same.
            case "url" -> schema.put("type", "string").put("pattern", "^https?://\\S+$");
            case "multi_select" -> schema.put("type", "array").set("items", option());
            case "select", "status" -> schema.setAll(option());
            default -> schema.put("type", "string");
        }
        if (MAY_BE_EMPTY.contains(type)) {
            schema.set("type", JSON.createArrayNode().add(schema.get("type").asText()).add("null"));
        }
        String instruction = instruction();
        if (!instruction.isEmpty()) {
            schema.put("description", instruction);
        }
        return schema;
    }

    private ObjectNode option() {
        ObjectNode option = JSON.createObjectNode().put("type", "string");
        if (!takesNewOptions(property.type(), allowNewOptions)) {
            ArrayNode names = option.putArray("enum");
            property.options().forEach(names::add);
        }
        return option;
    }

    private String instruction() {
        String hint = switch (property.type()) {
            case "number" -> "A number only (no units or words), or null when there is none.";
            case "date" -> "A date as YYYY-MM-DD, or null when there is none.";
            case "url" -> "A full web address starting with https:// or http://, or null when there is none.";
            case "email" -> "An email address, or null when there is none.";
            case "phone_number" -> "A phone number, or null when there is none.";
            case "select" -> takesNewOptions("select", allowNewOptions) ? "One short option" + preferred() : "";
            case "multi_select" -> (takesNewOptions("multi_select", allowNewOptions) ? "Short options" + preferred() : "Any of the options")
                    + "; an empty list when none fits.";
            default -> "";
        };
        String description = property.description() == null ? "" : property.description();
        return (description + (description.isEmpty() || hint.isEmpty() ? "" : " ") + hint).strip();
    }

    private String preferred() {
        return property.options().isEmpty() ? ", without commas" : ", preferably one of: " + String.join(", ", property.options())
                + " (a new one, without commas, only when none fits)";
    }

    /** The AI's value as the property's Notion value. @throws IllegalArgumentException saying why it does not fit */
    PropertyValue read(JsonNode value) {
        String type = property.type();
        if (value == null || value.isNull() || MAY_BE_EMPTY.contains(type) && value.isTextual() && value.asText().isBlank()) {
            if (!MAY_BE_EMPTY.contains(type)) {
                throw new IllegalArgumentException("has no value (null)");
            }
            return empty(type);
        }
        return switch (type) {
            case "title" -> new PropertyValue.Title(text(value).strip());
            case "rich_text" -> new PropertyValue.Text(text(value).strip());
            case "number" -> {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException("should be a number, got " + shown(value));
                }
                yield new PropertyValue.NumberValue(value.decimalValue());
            }
            case "checkbox" -> {
                if (!value.isBoolean()) {
                    throw new IllegalArgumentException("should be true or false, got " + shown(value));
                }
                yield new PropertyValue.Checkbox(value.booleanValue());
            }
            case "url" -> new PropertyValue.Url(matching(value, WEB_ADDRESS, "is not a web address (https://…)"));
            case "email" -> new PropertyValue.Email(matching(value, EMAIL, "is not an email address"));
            case "phone_number" -> new PropertyValue.PhoneNumber(text(value).strip());
            case "date" -> new PropertyValue.DateValue(date(value), null);
            case "select" -> new PropertyValue.Select(choice(value));
            case "status" -> new PropertyValue.Status(choice(value));
            default -> new PropertyValue.MultiSelect(choices(value));
        };
    }

    private static PropertyValue empty(String type) {
        return switch (type) {
            case "number" -> new PropertyValue.NumberValue(null);
            case "url" -> new PropertyValue.Url(null);
            case "email" -> new PropertyValue.Email(null);
            case "phone_number" -> new PropertyValue.PhoneNumber(null);
            default -> new PropertyValue.DateValue(null, null);
        };
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("should be text, got " + shown(value));
        }
        return value.asText();
    }

    private static String matching(JsonNode value, Pattern pattern, String problem) {
        String text = text(value).strip();
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException(shown(value) + " " + problem);
        }
        return text;
    }

    private static String date(JsonNode value) {
        String text = text(value).strip();
        try {
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(text).toString();
            } catch (DateTimeParseException notADateTime) {
                throw new IllegalArgumentException(shown(value) + " is not a date (YYYY-MM-DD)");
            }
        }
    }

    private List<String> choices(JsonNode value) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("should be a list of options, got " + shown(value));
        }
        Set<String> names = new LinkedHashSet<>();
        value.forEach(item -> names.add(choice(item)));
        return new ArrayList<>(names);
    }

    /** An option by its exact name, or its name in another case; a new one only where new options are allowed. */
    private String choice(JsonNode value) {
        String wanted = text(value).strip();
        for (String option : property.options()) {
            if (option.equalsIgnoreCase(wanted)) {
                return option;
            }
        }
        if (!takesNewOptions(property.type(), allowNewOptions)) {
            throw new IllegalArgumentException(shown(value) + " is not one of " + String.join(", ", property.options()));
        }
        if (wanted.isEmpty() || wanted.contains(",") || wanted.length() > OPTION_LENGTH) {
            throw new IllegalArgumentException(shown(value) + " cannot be a new option (it needs 1 to " + OPTION_LENGTH
                    + " characters and no comma)");
        }
        return wanted;
    }

    private static boolean isChoice(String type) {
        return type.equals("select") || type.equals("status") || type.equals("multi_select");
    }

    /** Notion creates select and multi-select options on write; status options exist only as set up in Notion. */
    private static boolean takesNewOptions(String type, boolean allowNewOptions) {
        return allowNewOptions && !type.equals("status");
    }

    /** A value as the reason quotes it: short, in single quotes when it is text. */
    private static String shown(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        String shortened = text.length() <= 60 ? text : text.substring(0, 57) + "...";
        return value.isTextual() ? "'" + shortened + "'" : shortened;
    }
}
