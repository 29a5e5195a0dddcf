package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ids of the recording's workspace mapped onto ids of the replay's sandbox objects. Ids are recognised in
 * either of Notion's forms (dashed or 32 hex digits) and replaced keeping the form they were written in.
 */
final class IdMap {

    static final Pattern ID = Pattern.compile("(?<![0-9a-fA-F])[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}(?![0-9a-fA-F])");

    private final Map<String, String> ids = new HashMap<>();

    /** The 32-hex lowercase key of an id in either form. */
    static String key(String id) {
        return id.replace("-", "").toLowerCase(Locale.ROOT);
    }

    static boolean isId(String text) {
        return ID.matcher(text).matches();
    }

    boolean knows(String recordedId) {
        return ids.containsKey(key(recordedId));
    }

    Optional<String> get(String recordedId) {
        return Optional.ofNullable(ids.get(key(recordedId)));
    }

    /** Maps a recorded id to a sandbox id (dashed), unless it is mapped already. */
    void learn(String recordedId, String sandboxId) {
        ids.putIfAbsent(key(recordedId), dashed(sandboxId));
    }

    /** The ids a text names. */
    static Set<String> idsIn(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = ID.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** The text with every mapped id replaced by its sandbox id (same form: dashed stays dashed). */
    String apply(String text) {
        Matcher matcher = ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String found = matcher.group();
            String replacement = get(found).map(id -> found.contains("-") ? id : key(id)).orElse(found);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A copy of a JSON tree with every mapped id in its strings replaced. */
    JsonNode apply(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = NotionContract.json().createObjectNode();
            node.properties().forEach(e -> copy.set(apply(e.getKey()), apply(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NotionContract.json().createArrayNode();
            node.forEach(item -> copy.add(apply(item)));
            return copy;
        }
        return node;
    }

    private static String dashed(String id) {
        String h = key(id);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }
}
