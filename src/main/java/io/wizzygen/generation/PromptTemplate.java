package io.wizzygen.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row prompt: {@code {{Property Name}}} inserts the row's value; a prompt without placeholders gets the
 * row's input values appended as context, so "Translate the topic to Japanese" works as it reads.
 */
public record PromptTemplate(String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

    public PromptTemplate {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The prompt is empty: write what each row should get, e.g. \"Translate the topic to Japanese\".");
        }
    }

    /** The property names the template names. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The prompt for one row; {@code values} holds every property as text, {@code inputs} the input properties. */
    public String render(Map<String, String> values, List<String> inputs) {
        if (placeholders().isEmpty()) {
            StringBuilder prompt = new StringBuilder(text.strip()).append("\n\n");
            for (String input : inputs) {
                prompt.append(input).append(": ").append(values.getOrDefault(input, "")).append('\n');
            }
            return prompt.toString().strip();
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder prompt = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(prompt, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(prompt);
        return prompt.toString();
    }

    /** The values a rendered prompt was made from: the placeholders' properties, else the inputs. */
    public Map<String, String> usedValues(Map<String, String> values, List<String> inputs) {
        Map<String, String> used = new LinkedHashMap<>();
        for (String name : placeholders().isEmpty() ? inputs : placeholders()) {
            used.put(name, values.getOrDefault(name, ""));
        }
        return used;
    }
}
