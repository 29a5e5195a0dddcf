package io.wizzygen.connections;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /** The longest name and prompt a connection takes: a name is a label; a prompt beyond this is a paste gone wrong. */
    public static final int MAX_NAME = 200;
    public static final int MAX_PROMPT = 50_000;

    /** A name or prompt a connection cannot take; its message says what to change. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** What is wrong with {@code name} as a connection's name, if anything. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("Give the connection a name, e.g. \"Blog drafts\".");
        }
        if (name.strip().length() > MAX_NAME) {
            return Optional.of("The name is " + String.format(Locale.ROOT, "%,d", name.strip().length()) + " characters long; keep it to "
                    + MAX_NAME + " or fewer.");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code prompt} as a connection's prompt, if anything (an empty prompt is checked where one is needed). */
    public static Optional<String> promptProblem(String prompt) {
        if (prompt != null && prompt.length() > MAX_PROMPT) {
            return Optional.of("The prompt is " + String.format(Locale.ROOT, "%,d", prompt.length()) + " characters long; keep it to "
                    + String.format(Locale.ROOT, "%,d", MAX_PROMPT) + " or fewer (put long reference text in the page or the rows instead).");
        }
        return Optional.empty();
    }

    public static Connection create(String name, Type type, String url) {
        nameProblem(name).ifPresent(problem -> {
            throw new Invalid(problem);
        });
        return new Connection(UUID.randomUUID().toString(), name.strip(), type, url, "", "New", null, null, Map.of(), false);
    }

    public String option(String key) {
        return options.get(key);
    }

    public Connection withPrompt(String newPrompt, Map<String, String> newOptions) {
        promptProblem(newPrompt).ifPresent(problem -> {
            throw new Invalid(problem);
        });
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
