package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Rich text arrays in Notion's wire format: built from plain text within the limits, and read back as plain text. */
public final class RichText {

    private RichText() {
    }

    /** Plain text as a rich text array, split into items of at most 2000 UTF-16 units. */
    public static ArrayNode of(String text) {
        ArrayNode array = NotionHttp.JSON.createArrayNode();
        if (text == null || text.isEmpty()) {
            return array;
        }
        for (String piece : NotionLimits.splitText(text)) {
            ObjectNode item = array.addObject().put("type", "text");
            item.putObject("text").put("content", piece);
        }
        return array;
    }

    /** The concatenated plain text of a rich text array (request or response form). */
    public static String plainText(JsonNode richText) {
        StringBuilder text = new StringBuilder();
        if (richText != null && richText.isArray()) {
            for (JsonNode item : richText) {
                if (item.hasNonNull("plain_text")) {
                    text.append(item.get("plain_text").asText());
                } else if (item.path("text").hasNonNull("content")) {
                    text.append(item.path("text").get("content").asText());
                } else if (item.path("equation").hasNonNull("expression")) {
                    text.append(item.path("equation").get("expression").asText());
                }
            }
        }
        return text.toString();
    }

    /**
     * Returns a copy of a rich text array in which no item's text exceeds 2000 units: a long item becomes
     * several consecutive items with the same link and annotations.
     */
    public static ArrayNode withinLimits(ArrayNode richText) {
        ArrayNode result = NotionHttp.JSON.createArrayNode();
        for (JsonNode item : richText) {
            JsonNode content = item.path("text").path("content");
            if (!content.isTextual() || content.asText().length() <= NotionLimits.TEXT_LENGTH) {
                result.add(item.deepCopy());
                continue;
            }
            for (String piece : NotionLimits.splitText(content.asText())) {
                ObjectNode copy = item.deepCopy();
                ((ObjectNode) copy.get("text")).put("content", piece);
                copy.remove("plain_text");
                result.add(copy);
            }
        }
        return result;
    }
}
