package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Wire-format helpers of the sandbox: ids, timestamps and rich text, on raw Jackson trees. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String NIL = "00000000-0000-0000-0000-000000000000";
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

    /**
     * An id as Notion accepts it (with or without dashes) in its dashed, lowercase form; null when it is no id.
     * Like Notion, only RFC 4122 uuids (variant digit 8, 9, a or b) and the nil uuid are ids: Notion answers
     * {@code 12345678-1234-1234-1234-123456789abc} with a validation error, not "not found".
     */
    static String normalizeId(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip().toLowerCase(Locale.ROOT);
        String dashed;
        if (DASHED.matcher(text).matches()) {
            dashed = text;
        } else if (HEX32.matcher(text).matches()) {
            dashed = text.substring(0, 8) + "-" + text.substring(8, 12) + "-" + text.substring(12, 16) + "-" + text.substring(16, 20) + "-" + text.substring(20);
        } else {
            return null;
        }
        return "89ab".indexOf(dashed.charAt(19)) >= 0 || dashed.equals(NIL) ? dashed : null;
    }

    /** The keys of an object, in order. */
    static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
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
     * response form, with annotations, plain_text and href filled in as Notion does. Mentions of pages,
     * databases and users get their plain text and link when presented (they follow the mentioned object).
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
            result.add(richTextItem(request.get(i), path + "[" + i + "]"));
        }
        return result;
    }

    private static ObjectNode richTextItem(JsonNode item, String path) {
        ObjectNode out = object();
        String type = item.path("type").asText(item.has("equation") ? "equation" : item.has("mention") ? "mention" : "text");
        out.put("type", type);
        String plain;
        JsonNode href = NullNode.getInstance();
        switch (type) {
            case "text" -> {
                JsonNode content = item.path("text").path("content");
                if (!content.isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".text.content should be defined, instead was `undefined`.");
                }
                plain = content.asText();
                if (plain.length() > 2000) {
                    throw ApiError.tooLong(path + ".text.content", 2000, plain.length());
                }
                ObjectNode text = out.putObject("text").put("content", plain);
                JsonNode link = item.path("text").path("link");
                if (link.isObject() && link.path("url").isTextual()) {
                    if (link.path("url").asText().length() > 2000) {
                        throw ApiError.tooLong(path + ".text.link.url", 2000, link.path("url").asText().length());
                    }
                    text.putObject("link").put("url", link.path("url").asText());
                    href = text.get("link").get("url");
                } else {
                    text.putNull("link");
                }
            }
            case "equation" -> {
                plain = item.path("equation").path("expression").asText();
                if (plain.length() > 1000) {
                    throw ApiError.tooLong(path + ".equation.expression", 1000, plain.length());
                }
                out.putObject("equation").put("expression", plain);
            }
            case "mention" -> {
                ObjectNode mention = mention(item.path("mention"), path + ".mention");
                out.set("mention", mention);
                plain = mentionText(mention);
                if (mention.path("type").asText().equals("link_preview")) {
                    href = mention.path("link_preview").path("url");
                }
            }
            default -> throw ApiError.validation("body failed validation: " + path + ".type should be `text`, `mention` or `equation`, instead was `"
                    + type + "`.");
        }
        ObjectNode annotations = out.putObject("annotations");
        JsonNode given = item.path("annotations");
        for (String flag : new String[] {"bold", "italic", "strikethrough", "underline", "code"}) {
            annotations.put(flag, given.path(flag).asBoolean(false));
        }
        annotations.put("color", given.path("color").asText("default"));
        out.put("plain_text", plain);
        out.set("href", href);
        return out;
    }

    private static final Set<String> MENTIONS = Set.of("date", "page", "database", "user", "link_preview");

    private static ObjectNode mention(JsonNode request, String path) {
        String type = request.path("type").asText(request.isObject() && request.size() > 0 ? request.fieldNames().next() : "");
        if (!MENTIONS.contains(type)) {
            throw ApiError.validation("body failed validation: " + path + ".type should be one of " + new java.util.TreeSet<>(MENTIONS)
                    + ", instead was `" + type + "`.");
        }
        JsonNode value = request.path(type);
        ObjectNode out = object().put("type", type);
        switch (type) {
            case "date" -> {
                if (!value.path("start").isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".date.start should be defined, instead was `undefined`.");
                }
                out.putObject("date").put("start", value.get("start").asText())
                        .set("end", value.path("end").isTextual() ? value.get("end") : NullNode.getInstance());
                ((ObjectNode) out.get("date")).set("time_zone", value.path("time_zone").isTextual() ? value.get("time_zone") : NullNode.getInstance());
            }
            case "link_preview" -> {
                if (!value.path("url").isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".link_preview.url should be defined, instead was `undefined`.");
                }
                out.putObject("link_preview").put("url", value.get("url").asText());
            }
            default -> {
                String id = normalizeId(value.path("id").asText(null));
                if (id == null) {
                    throw ApiError.validation("body failed validation: " + path + "." + type + ".id should be a valid uuid, instead was `"
                            + abbreviate(value.path("id")) + "`.");
                }
                ObjectNode target = out.putObject(type);
                if (type.equals("user")) {
                    target.put("object", "user");
                }
                target.put("id", id);
            }
        }
        return out;
    }

    /** The plain text a mention reads as, before the presenter fills in titles of pages, databases and users. */
    private static String mentionText(JsonNode mention) {
        return switch (mention.path("type").asText()) {
            case "date" -> mention.path("date").path("start").asText()
                    + (mention.path("date").path("end").isTextual() ? " → " + mention.path("date").path("end").asText() : "");
            case "link_preview" -> mention.path("link_preview").path("url").asText();
            default -> "";
        };
    }

    private static final Pattern NOTION_ICON = Pattern.compile("https://www\\.notion\\.so/icons/([a-z0-9_-]+)_([a-z]+)\\.svg");

    /**
     * A page's, database's or data source's icon as Notion keeps it: an emoji, an external image, or (for the
     * url of one of Notion's own icons) a native icon by name and color; null removes it.
     */
    static JsonNode icon(JsonNode request, String path) {
        if (request.isNull()) {
            return request;
        }
        String type = request.path("type").asText(request.has("emoji") ? "emoji" : request.has("external") ? "external" : "");
        switch (type) {
            case "emoji" -> {
                return object().put("type", "emoji").put("emoji", request.path("emoji").asText());
            }
            case "external" -> {
                String url = externalUrl(request, path);
                java.util.regex.Matcher named = NOTION_ICON.matcher(url);
                if (named.matches()) {
                    ObjectNode icon = object().put("type", "icon");
                    icon.putObject("icon").put("name", named.group(1)).put("color", named.group(2));
                    return icon;
                }
                return external(url);
            }
            case "icon" -> {
                return object().put("type", "icon").set("icon", request.path("icon").deepCopy());
            }
            default -> throw ApiError.validation("body failed validation: " + path + ".type should be `emoji`, `external` or `icon` in this sandbox"
                    + " (it keeps no file uploads), instead was `" + type + "`.");
        }
    }

    /** A cover: an external image, or null to remove it. */
    static JsonNode cover(JsonNode request, String path) {
        return request.isNull() ? request : external(externalUrl(request, path));
    }

    private static String externalUrl(JsonNode request, String path) {
        JsonNode url = request.path("external").path("url");
        if (!url.isTextual()) {
            throw ApiError.validation("body failed validation: " + path + ".external.url should be defined, instead was `undefined`.");
        }
        return url.asText();
    }

    private static ObjectNode external(String url) {
        ObjectNode external = object().put("type", "external");
        external.putObject("external").put("url", url);
        return external;
    }

    static String abbreviate(JsonNode value) {
        String text = value == null || value.isMissingNode() ? "undefined" : value.toString();
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
