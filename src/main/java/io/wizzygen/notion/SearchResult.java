package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

/** One search hit: a page or a data source the integration can see. */
public record SearchResult(String object, NotionId id, String title, String url) {

    static SearchResult fromJson(JsonNode json) {
        String object = json.path("object").asText();
        String title = object.equals("page") ? Page.fromJson(json).title() : RichText.plainText(json.path("title"));
        return new SearchResult(object, NotionId.ofHex(json.path("id").asText()), title, json.path("url").asText(null));
    }
}
