package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/** Wire-format helpers of the sandbox: ids, timestamps and rich text, on raw Jackson trees. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** An id as Notion accepts it (with or without dashes) in its dashed, lowercase form; null when it is no id. */
    static String normalizeId(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip();
        if (DASHED.matcher(text).matches()) {
            return text.toLowerCase();
        }
        if (HEX32.matcher(text).matches()) {
            String h = text.toLowerCase();
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
        }
        return null;
    }

    static String compact(String id) {
        return id.replace("-", "");
    }

    static ObjectNode user(String id) {
        return object().put("object", "user").put("id", id);
    }

    /** The plain text of a rich text array in either request or response form. */
    static String plainText(JsonNode richText) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : richText) {
            if (item.has("plain_text")) {
                text.append(item.get("plain_text").asText());
            } else if (item.path("text").has("content")) {
                text.append(item.path("text").path("content").asText());
            } else if (item.path("equation").has("expression")) {
                text.append(item.path("equation").path("expression").asText());
            }
        }
        return text.toString();
    }

    /** Plain text as a response-form rich text array (seed data). */
    static ArrayNode richText(String text) {
        ArrayNode request = array();
        if (!text.isEmpty()) {
            request.addObject().putObject("text").put("content", text);
        }
        return toResponseRichText(request, "seed");
    }

    /**
     * Validates a request-form rich text array (≤ 100 items, text ≤ 2000 UTF-16 units) and answers its
     * response form, with annotations, plain_text and href filled in as Notion does.
     */
    static ArrayNode toResponseRichText(JsonNode request, String path) {
        if (!request.isArray()) {
            throw ApiError.validation("body failed validation: " + path + " should be an array, instead was `" + abbreviate(request) + "`.");
        }
        if (request.size() > 100) {
            throw ApiError.tooLong(path, 100, request.size());
        }
        ArrayNode result = array();
        for (int i = 0; i < request.size(); i++) {
            JsonNode item = request.get(i);
            String itemPath = path + "[" + i + "]";
            ObjectNode out = result.addObject();
            String type = item.path("type").asText(item.has("equation") ? "equation" : item.has("mention") ? "mention" : "text");
            out.put("type", type);
            String plain;
            JsonNode href = NullNode.getInstance();
            if (type.equals("text")) {
                JsonNode content = item.path("text").path("content");
                if (!content.isTextual()) {
                    throw ApiError.validation("body failed validation: " + itemPath + ".text.content should be defined, instead was `undefined`.");
                }
                plain = content.asText();
                if (plain.length() > 2000) {
                    throw ApiError.tooLong(itemPath + ".text.content", 2000, plain.length());
                }
                ObjectNode text = out.putObject("text").put("content", plain);
                JsonNode link = item.path("text").path("link");
                if (link.isObject() && link.path("url").isTextual()) {
                    if (link.path("url").asText().length() > 2000) {
                        throw ApiError.tooLong(itemPath + ".text.link.url", 2000, link.path("url").asText().length());
                    }
                    text.putObject("link").put("url", link.path("url").asText());
                    href = text.get("link").get("url");
                } else {
                    text.putNull("link");
                }
            } else if (type.equals("equation")) {
                plain = item.path("equation").path("expression").asText();
                if (plain.length() > 1000) {
                    throw ApiError.tooLong(itemPath + ".equation.expression", 1000, plain.length());
                }
                out.putObject("equation").put("expression", plain);
            } else {
                throw ApiError.validation("body failed validation: " + itemPath + ".type should be `text` or `equation` in this sandbox, instead was `" + type + "`.");
            }
            ObjectNode annotations = out.putObject("annotations");
            JsonNode given = item.path("annotations");
            for (String flag : new String[] {"bold", "italic", "strikethrough", "underline", "code"}) {
                annotations.put(flag, given.path(flag).asBoolean(false));
            }
            annotations.put("color", given.path("color").asText("default"));
            out.put("plain_text", plain);
            out.set("href", href);
        }
        return result;
    }

    static String abbreviate(JsonNode value) {
        String text = value == null || value.isMissingNode() ? "undefined" : value.toString();
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
