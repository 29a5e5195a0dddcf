package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A database: a titled container of one or more data sources. */
public record Database(NotionId id, String title, String url, boolean inTrash, List<DataSourceRef> dataSources) {

    public Database {
        dataSources = List.copyOf(dataSources);
    }

    /** A data source as a database lists it: id and name only. */
    public record DataSourceRef(NotionId id, String name) {
    }

    static Database fromJson(JsonNode json) {
        List<DataSourceRef> sources = new ArrayList<>();
        json.path("data_sources").forEach(ds -> sources.add(new DataSourceRef(NotionId.ofHex(ds.path("id").asText()), ds.path("name").asText(""))));
        return new Database(NotionId.ofHex(json.path("id").asText()), RichText.plainText(json.path("title")),
                json.path("url").asText(null), json.path("in_trash").asBoolean(false) || json.path("archived").asBoolean(false), sources);
    }
}
