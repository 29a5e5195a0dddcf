package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

/** One search hit: a page or a data source the integration can see, and the type of its parent ("page_id", "data_source_id", "workspace" …). */
public record SearchResult(String object, NotionId id, String title, String url, String parentType) {

    /** A page that is not a database row: somewhere a sample or a database can be created. */
    public boolean isStandalonePage() {
        return object.equals("page") && !parentType.equals("data_source_id") && !parentType.equals("database_id");
    }

    static SearchResult fromJson(JsonNode json) {
        String object = json.path("object").asText();
        String title = object.equals("page") ? Page.fromJson(json).title() : RichText.plainText(json.path("title"));
        return new SearchResult(object, NotionId.ofHex(json.path("id").asText()), title, json.path("url").asText(null),
                json.path("parent").path("type").asText(""));
    }
}
