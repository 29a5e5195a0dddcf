package io.wizzygen.generation;

import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The AI's text as a value of the output property's type, or the reason it cannot be one. */
final class OutputValue {

    static final List<String> WRITABLE = List.of("rich_text", "title", "select", "multi_select", "status", "number", "url", "checkbox");

    private OutputValue() {
    }

    /** @throws IllegalArgumentException with the row's failure reason */
    static PropertyValue of(PropertySchema output, String text) {
        String value = text.strip();
        return switch (output.type()) {
            case "rich_text" -> new PropertyValue.Text(value);
            case "title" -> new PropertyValue.Title(value);
            case "select" -> new PropertyValue.Select(option(output, value));
            case "status" -> new PropertyValue.Status(option(output, value));
            case "multi_select" -> {
                List<String> names = new ArrayList<>();
                for (String part : value.split("\\s*[,\\n]\\s*")) {
                    if (!part.isBlank()) {
                        names.add(option(output, part.strip()));
                    }
                }
                yield new PropertyValue.MultiSelect(names);
            }
            case "number" -> {
                try {
                    yield new PropertyValue.NumberValue(new BigDecimal(value.replace(",", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("The answer \"" + abbreviate(value) + "\" is not a number, and " + output.name()
                            + " is a number property. Ask for a number only.");
                }
            }
            case "url" -> {
                if (!value.matches("(?i)https?://\\S+")) {
                    throw new IllegalArgumentException("The answer \"" + abbreviate(value) + "\" is not a web address, and " + output.name()
                            + " is a URL property.");
                }
                yield new PropertyValue.Url(value);
            }
            case "checkbox" -> new PropertyValue.Checkbox(switch (value.toLowerCase(Locale.ROOT).replaceAll("[.!]$", "")) {
                case "yes", "true", "y", "1", "checked", "✓" -> true;
                case "no", "false", "n", "0", "unchecked", "" -> false;
                default -> throw new IllegalArgumentException("The answer \"" + abbreviate(value) + "\" is not yes or no, and "
                        + output.name() + " is a checkbox.");
            });
            default -> throw new IllegalArgumentException(output.name() + " is a " + output.type() + " property, which cannot hold an answer.");
        };
    }

    private static String option(PropertySchema output, String value) {
        String cleaned = value.replaceAll("^[\"'*`]+|[\"'*`.]+$", "");
        for (String option : output.options()) {
            if (option.equalsIgnoreCase(cleaned)) {
                return option;
            }
        }
        throw new IllegalArgumentException("The answer \"" + abbreviate(value) + "\" is not an option of " + output.name()
                + " (" + String.join(", ", output.options()) + "). Ask for one of those, or add the option in Notion.");
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
