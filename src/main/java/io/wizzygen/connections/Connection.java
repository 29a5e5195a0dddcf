package io.wizzygen.connections;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A named link to a Notion page or database with what was asked of it: the prompt, the run options (output
 * and checkbox properties, append or replace …), the last status and run. {@code notionRowId} is its row in
 * the Connections database; {@code goneFromNotion} says that row was deleted in Notion.
 */
public record Connection(String id, String name, Type type, String url, String prompt, String status, Instant lastRun,
                         String notionRowId, Map<String, String> options, boolean goneFromNotion) {

    /** The two kinds, with the words the Connections database and the UI use for them. */
    public enum Type {
        PAGE("Notion Page"), DATABASE("Notion Database");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Type fromLabel(String label) {
            for (Type type : values()) {
                if (type.label.equalsIgnoreCase(label == null ? "" : label.strip()) || type.name().equalsIgnoreCase(label == null ? "" : label.strip())) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Choose the type: Notion Page or Notion Database.");
        }
    }

    public Connection {
        options = options == null ? Map.of() : Map.copyOf(options);
        prompt = prompt == null ? "" : prompt;
    }

    public static Connection create(String name, Type type, String url) {
        return new Connection(UUID.randomUUID().toString(), name, type, url, "", "New", null, null, Map.of(), false);
    }

    public String option(String key) {
        return options.get(key);
    }

    public Connection withPrompt(String newPrompt, Map<String, String> newOptions) {
        return new Connection(id, name, type, url, newPrompt, status, lastRun, notionRowId, newOptions, goneFromNotion);
    }

    public Connection withRun(String newStatus, Instant when) {
        return new Connection(id, name, type, url, prompt, newStatus, when, notionRowId, options, goneFromNotion);
    }

    public Connection withNotionRow(String rowId) {
        return new Connection(id, name, type, url, prompt, status, lastRun, rowId, options, false);
    }

    public Connection asInNotion(String newName, Type newType, String newUrl, String newPrompt, String newStatus, Instant newLastRun) {
        return new Connection(id, newName, newType, newUrl, newPrompt, newStatus, newLastRun, notionRowId, options, false);
    }

    public Connection markedGoneFromNotion() {
        return new Connection(id, name, type, url, prompt, status, lastRun, notionRowId, options, true);
    }
}
