package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares an answer's structure with a recorded answer of Notion: object kinds, key sets at every level, value
 * types, enum values, booleans, HTTP status numbers and error messages. Ids, timestamps, urls and other text are
 * compared by shape only (a uuid for a uuid, a date-time for a date-time). Along the way the ids of the recording
 * are learned onto the sandbox's ids at the same places, so that later requests can name the sandbox's objects.
 * <p>
 * A key the sandbox adds counts as extra only when no recording of that object kind and Notion-Version has it:
 * Notion adds fields over time, and the older recordings lack them.
 */
final class Structure {

    /** Keys whose string values are Notion's enums: compared exactly. */
    private static final Set<String> ENUMS = Set.of("object", "type", "code", "color", "language", "format");
    /** Values the sources did not keep (redacted or not logged): anything matches. */
    private static final Set<String> WILDCARDS = Set.of("<redacted>", "(logged, value not shown)");
    private static final Pattern DASHED = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The keys seen in each object kind, per Notion-Version, across every complete recording. */
    static final class KeyIndex {
        private final Map<String, Set<String>> keys = new HashMap<>();

        static KeyIndex of(List<Recordings.Recording> recordings) {
            KeyIndex index = new KeyIndex();
            for (Recordings.Recording recording : recordings) {
                if (!recording.partial()) {
                    recording.interactions().forEach(i -> index.add(i.version(), "", "", i.responseBody()));
                }
            }
            return index;
        }

        private void add(String version, String parentKind, String key, JsonNode node) {
            if (node.isObject()) {
                String kind = kindOf(parentKind, key, node);
                keys.computeIfAbsent(kind + "@" + version, k -> new HashSet<>()).addAll(names(node));
                boolean dataKeyed = key.equals("properties");
                node.properties().forEach(e -> add(version, kind, dataKeyed ? "*" : e.getKey(), e.getValue()));
            } else if (node.isArray()) {
                node.forEach(item -> add(version, parentKind, key + "[]", item));
            }
        }

        boolean knows(String kind, String version, String key) {
            return keys.getOrDefault(kind + "@" + version, Set.of()).contains(key);
        }
    }

    private final KeyIndex index;
    private final IdMap ids;
    private final String version;

    Structure(KeyIndex index, IdMap ids, String version) {
        this.index = index;
        this.ids = ids;
        this.version = version;
    }

    /**
     * The differences between a recorded answer body and the sandbox's (empty when they match). {@code searchResults}:
     * the sandbox's workspace holds other objects than the recording's, so its results are compared one by one with
     * the most similar recorded result of the same kind, not by position and count. {@code partial}: the recording
     * kept only some keys, so keys it lacks are not judged.
     */
    List<String> compare(JsonNode recorded, JsonNode actual, boolean searchResults, boolean partial) {
        List<String> differences = new ArrayList<>();
        new Walk(differences, true, searchResults, partial).compare("body", "", "", recorded, actual);
        return differences;
    }

    /** The kind of an object for the key index: its {@code object} (and {@code type}), else its place under one. */
    static String kindOf(String parentKind, String key, JsonNode node) {
        String type = node.path("type").isTextual() ? ":" + node.get("type").asText() : "";
        if (node.path("object").isTextual()) {
            return node.get("object").asText() + type;
        }
        return parentKind + "." + key + type;
    }

    /** The keys of an object, in order. */
    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String shape(String text) {
        if (text.isEmpty()) {
            return "empty text";
        }
        if (DASHED.matcher(text).matches()) {
            return "uuid";
        }
        if (HEX32.matcher(text).matches()) {
            return "32-hex id";
        }
        if (DATE_TIME.matcher(text).matches()) {
            return "date-time";
        }
        if (DATE.matcher(text).matches()) {
            return "date";
        }
        if (text.startsWith("http://") || text.startsWith("https://")) {
            return "url";
        }
        return "text";
    }

    /** One comparison's state: where differences go, whether ids are learned, and the two relaxations. */
    private final class Walk {
        private final List<String> differences;
        private final boolean learn;
        private final boolean searchResults;
        private final boolean partial;
        /** Inside a search result: the content (text lengths, list sizes) is the workspace's, only the structure is Notion's. */
        private final boolean anyLength;

        Walk(List<String> differences, boolean learn, boolean searchResults, boolean partial) {
            this(differences, learn, searchResults, partial, false);
        }

        Walk(List<String> differences, boolean learn, boolean searchResults, boolean partial, boolean anyLength) {
            this.differences = differences;
            this.learn = learn;
            this.searchResults = searchResults;
            this.partial = partial;
            this.anyLength = anyLength;
        }

        void compare(String path, String parentKind, String key, JsonNode recorded, JsonNode actual) {
            if (recorded.isTextual() && WILDCARDS.contains(recorded.asText())) {
                return;
            }
            if (recorded.getNodeType() != actual.getNodeType()) {
                differences.add(path + ": recorded " + describe(recorded) + ", sandbox " + describe(actual));
                return;
            }
            switch (recorded.getNodeType()) {
                case OBJECT -> objects(path, parentKind, key, recorded, actual);
                case ARRAY -> arrays(path, parentKind, key, recorded, actual);
                case STRING -> strings(path, key, recorded.asText(), actual.asText());
                case BOOLEAN -> {
                    if (recorded.asBoolean() != actual.asBoolean()) {
                        differences.add(path + ": recorded " + recorded + ", sandbox " + actual);
                    }
                }
                case NUMBER -> {
                    if (key.equals("status") && recorded.asInt() != actual.asInt()) {
                        differences.add(path + ": recorded " + recorded + ", sandbox " + actual);
                    }
                }
                default -> {
                }
            }
        }

        private void objects(String path, String parentKind, String key, JsonNode recorded, JsonNode actual) {
            String kind = kindOf(parentKind, key, recorded);
            boolean dataKeyed = key.equals("properties");
            for (String name : names(recorded)) {
                if (!actual.has(name)) {
                    differences.add(path + ": sandbox lacks \"" + name + "\"");
                }
            }
            if (!partial) {
                for (String name : names(actual)) {
                    if (!recorded.has(name) && (dataKeyed || !index.knows(kind, version, name))) {
                        differences.add(path + ": sandbox adds \"" + name + "\" (no recording of " + kind + " in " + version + " has it)");
                    }
                }
            }
            for (String name : names(recorded)) {
                if (actual.has(name)) {
                    compare(path + "." + name, kind, dataKeyed ? "*" : name, recorded.get(name), actual.get(name));
                }
            }
        }

        private void arrays(String path, String parentKind, String key, JsonNode recorded, JsonNode actual) {
            if (searchResults && path.equals("body.results")) {
                bestMatches(path, parentKind, key, recorded, actual);
                return;
            }
            if (recorded.size() != actual.size() && !anyLength) {
                differences.add(path + ": recorded " + recorded.size() + " items, sandbox " + actual.size());
            }
            for (int i = 0; i < Math.min(recorded.size(), actual.size()); i++) {
                compare(path + "[" + i + "]", parentKind, key + "[]", recorded.get(i), actual.get(i));
            }
        }

        /**
         * Each sandbox result against the closest recorded result of its kind (object and parent type); a result of a
         * kind the recording has none of is not judged.
         */
        private void bestMatches(String path, String parentKind, String key, JsonNode recorded, JsonNode actual) {
            if (recorded.isEmpty() != actual.isEmpty()) {
                differences.add(path + ": recorded " + recorded.size() + " results, sandbox " + actual.size());
            }
            for (int i = 0; i < actual.size(); i++) {
                JsonNode result = actual.get(i);
                List<String> best = null;
                for (JsonNode candidate : recorded) {
                    if (candidate.path("object").equals(result.path("object"))
                            && candidate.path("parent").path("type").equals(result.path("parent").path("type"))) {
                        List<String> found = new ArrayList<>();
                        new Walk(found, false, false, partial, true).compare(path + "[" + i + "]", parentKind, key + "[]", candidate, result);
                        if (best == null || found.size() < best.size()) {
                            best = found;
                        }
                    }
                }
                if (best != null) {
                    differences.addAll(best);
                }
            }
        }

        private void strings(String path, String key, String recorded, String actual) {
            if (learn && IdMap.isId(recorded) && IdMap.isId(actual)) {
                ids.learn(recorded, actual);
            }
            if (ENUMS.contains(key)) {
                if (!recorded.equals(actual)) {
                    differences.add(path + ": recorded \"" + recorded + "\", sandbox \"" + actual + "\"");
                }
            } else if (key.equals("message")) {
                String expected = neutral(ids.apply(recorded));
                if (!expected.equals(neutral(actual))) {
                    differences.add(path + ": recorded \"" + expected + "\", sandbox \"" + actual + "\"");
                }
            } else if (!shape(recorded).equals(shape(actual))) {
                differences.add(path + ": recorded a " + shape(recorded) + " (\"" + abbreviate(recorded) + "\"), sandbox a "
                        + shape(actual) + " (\"" + abbreviate(actual) + "\")");
            }
        }
    }

    /**
     * An error message with the integration's name left out: it is the workspace's, and Notion's older answers
     * (the 2025 recordings) did not name it at all.
     */
    private static String neutral(String message) {
        return message.replaceAll("your integration( \"[^\"]*\")?\\.", "your integration.");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a " + shape(node.asText()) + " (\"" + abbreviate(node.asText()) + "\")";
            case NULL -> "null";
            case MISSING -> "nothing";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
