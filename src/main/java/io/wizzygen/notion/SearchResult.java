package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One search hit: a page or a data source the integration can see, the type of its parent ("page_id", "data_source_id",
 * "workspace" …) and, when that parent is a page, the parent page's id (null otherwise).
 */
public record SearchResult(String object, NotionId id, String title, String url, String parentType, NotionId parentPage) {

    /** A page that is not a database row: somewhere a sample or a database can be created. */
    public boolean isStandalonePage() {
        return object.equals("page") && !parentType.equals("data_source_id") && !parentType.equals("database_id");
    }

    static SearchResult fromJson(JsonNode json) {
        String object = json.path("object").asText();
        String title = object.equals("page") ? Page.fromJson(json).title() : RichText.plainText(json.path("title"));
        JsonNode parent = json.path("parent");
        return new SearchResult(object, NotionId.ofHex(json.path("id").asText()), title, json.path("url").asText(null),
                parent.path("type").asText(""), parent.path("page_id").isTextual() ? NotionId.ofHex(parent.path("page_id").asText()) : null);
    }
}
