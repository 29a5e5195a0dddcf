package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates an append request's block tree against Notion's limits (100 per array, two levels of nesting
 * per request, 1000 blocks per request, 2000 units per text item) and converts it to stored blocks.
 * Nothing is stored unless the whole request is valid.
 */
final class Blocks {

    static final Set<String> TEXT_TYPES = Set.of("paragraph", "heading_1", "heading_2", "heading_3", "heading_4",
            "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout", "code");
    static final Set<String> PARENT_TYPES = Set.of("paragraph", "bulleted_list_item", "numbered_list_item", "to_do",
            "toggle", "quote", "callout", "heading_1", "heading_2", "heading_3", "heading_4", "table");
    static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "file", "pdf");
    static final Set<String> OTHER_TYPES = Set.of("divider", "table", "table_row", "equation", "bookmark", "embed",
            "table_of_contents", "breadcrumb", "image", "video", "audio", "file", "pdf");
    private static final int MAX_BLOCKS_PER_REQUEST = 1000;
    /** Levels of children a top-level block of one request may carry. */
    private static final int NESTING = 2;

    private Blocks() {
    }

    /** A validated block and its validated children, ready to store. */
    record Draft(ObjectNode stored, List<Draft> children) {
    }

    static List<Draft> validate(JsonNode children, String path) {
        int[] count = {0};
        List<Draft> drafts = validate(children, path, 0, count);
        if (count[0] > MAX_BLOCKS_PER_REQUEST) {
            throw ApiError.validation("body failed validation: the request has " + count[0]
                    + " blocks, more than the " + MAX_BLOCKS_PER_REQUEST + " a request may contain.");
        }
        return drafts;
    }

    private static List<Draft> validate(JsonNode children, String path, int depth, int[] count) {
        if (!children.isArray()) {
            throw ApiError.validation("body failed validation: " + path + " should be an array, instead was `" + Json.abbreviate(children) + "`.");
        }
        if (children.size() > 100) {
            throw ApiError.tooLong(path, 100, children.size());
        }
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            drafts.add(block(children.get(i), path + "[" + i + "]", depth, count));
        }
        return drafts;
    }

    private static Draft block(JsonNode request, String path, int depth, int[] count) {
        count[0]++;
        String type = request.path("type").asText(guessType(request));
        if (!TEXT_TYPES.contains(type) && !OTHER_TYPES.contains(type)) {
            throw ApiError.validation("body failed validation: " + path + ".type should be a supported block type, instead was `" + type + "`.");
        }
        JsonNode content = request.path(type);
        if (!content.isObject()) {
            throw ApiError.validation("body failed validation: " + path + "." + type + " should be defined, instead was `undefined`.");
        }
        ObjectNode stored = Json.object().put("type", type);
        stored.set(type, content(type, content, path + "." + type));
        List<Draft> children = List.of();
        JsonNode given = content.path("children");
        if (!given.isMissingNode() && !given.isNull()) {
            if (depth >= NESTING || !PARENT_TYPES.contains(type)) {
                throw ApiError.validation("body failed validation: " + path + "." + type + ".children should be not present, instead was `"
                        + Json.abbreviate(given) + "`.");
            }
            children = validate(given, path + "." + type + ".children", depth + 1, count);
        }
        return new Draft(stored, children);
    }

    /**
     * A block's content in Notion's response form, from its request form (also from its stored form, which an
     * update merges its changes into): the fields Notion answers for that type, in its order.
     */
    static ObjectNode content(String type, JsonNode content, String path) {
        ObjectNode out = Json.object();
        if (type.equals("code")) {
            if (!content.path("language").isTextual()) {
                throw ApiError.validation("body failed validation: " + path + ".language should be defined, instead was `undefined`.");
            }
            out.set("caption", caption(content, path));
        }
        if (TEXT_TYPES.contains(type)) {
            out.set("rich_text", Json.toResponseRichText(content.path("rich_text"), path + ".rich_text"));
        }
        switch (type) {
            case "code" -> out.put("language", content.get("language").asText());
            case "paragraph" -> out.set("icon", content.has("icon") ? content.get("icon") : NullNode.getInstance());
            case "to_do" -> out.put("checked", content.path("checked").asBoolean(false));
            case "heading_1", "heading_2", "heading_3", "heading_4" -> out.put("is_toggleable", content.path("is_toggleable").asBoolean(false));
            case "callout" -> out.set("icon", content.has("icon") ? content.get("icon") : Json.object().put("type", "emoji").put("emoji", "💡"));
            case "equation" -> out.put("expression", content.path("expression").asText());
            case "bookmark", "embed" -> {
                if (!content.path("url").isTextual()) {
                    throw ApiError.validation("body failed validation: " + path + ".url should be defined, instead was `undefined`.");
                }
                out.set("caption", caption(content, path));
                out.put("url", content.get("url").asText());
            }
            case "table" -> out.put("table_width", content.path("table_width").asInt(1))
                    .put("has_column_header", content.path("has_column_header").asBoolean(false))
                    .put("has_row_header", content.path("has_row_header").asBoolean(false));
            case "table_row" -> {
                ArrayNode cells = out.putArray("cells");
                JsonNode given = content.path("cells");
                for (int c = 0; c < given.size(); c++) {
                    cells.add(Json.toResponseRichText(given.get(c), path + ".cells[" + c + "]"));
                }
            }
            default -> {
                if (MEDIA_TYPES.contains(type)) {
                    media(content, path, out);
                }
            }
        }
        if ((TEXT_TYPES.contains(type) && !type.equals("code")) || type.equals("table_of_contents")) {
            out.put("color", content.path("color").asText("default"));
        }
        return out;
    }

    /** Image, video, audio, file and pdf blocks: an external url (the sandbox keeps no uploads) and a caption. */
    private static void media(JsonNode content, String path, ObjectNode out) {
        String source = content.path("type").asText(content.has("external") ? "external" : "");
        if (!source.equals("external") || !content.path("external").path("url").isTextual()) {
            throw ApiError.validation("body failed validation: " + path + ".external.url should be defined, instead was `undefined`."
                    + " (The sandbox keeps no file uploads: give an external url.)");
        }
        out.set("caption", caption(content, path));
        out.put("type", "external");
        out.putObject("external").put("url", content.path("external").path("url").asText());
    }

    private static ArrayNode caption(JsonNode content, String path) {
        return Json.toResponseRichText(content.has("caption") ? content.get("caption") : Json.array(), path + ".caption");
    }

    private static String guessType(JsonNode request) {
        for (var entry : request.properties()) {
            if (!entry.getKey().equals("object") && entry.getValue().isObject()) {
                return entry.getKey();
            }
        }
        return "";
    }
}
