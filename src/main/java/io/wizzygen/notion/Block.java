package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

/** A block as read from Notion: its id, type, whether it has children, and the raw JSON for rendering. */
public record Block(NotionId id, String type, boolean hasChildren, JsonNode json) {

    /** The plain text of the block's rich text (empty for blocks without text). */
    public String plainText() {
        return RichText.plainText(json.path(type).path("rich_text"));
    }

    static Block fromJson(JsonNode json) {
        return new Block(NotionId.ofHex(json.path("id").asText()), json.path("type").asText(),
                json.path("has_children").asBoolean(false), json);
    }
}
