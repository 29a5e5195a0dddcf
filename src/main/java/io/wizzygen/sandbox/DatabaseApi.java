package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The sandbox's database and data source endpoints: create and retrieve databases; create, retrieve, update
 * (schema, title, trash) and query data sources. Called while holding the workspace's lock.
 */
final class DatabaseApi {

    private final Workspace workspace;
    private final Presenter presenter;
    private final Lookup lookup;

    DatabaseApi(Workspace workspace, Presenter presenter) {
        this.workspace = workspace;
        this.presenter = presenter;
        this.lookup = new Lookup(workspace);
    }

    JsonNode retrieveDatabase(String rawId, String version) {
        return presenter.database(lookup.database(Lookup.id(rawId, "database_id")), version);
    }

    JsonNode retrieveDataSource(String rawId, String version) {
        return presenter.dataSource(lookup.dataSource(Lookup.id(rawId, "data_source_id")), version);
    }

    /**
     * Creates a database under a page with its first data source: the schema of {@code initial_data_source} (or,
     * in Notion-Version 2022-06-28, {@code properties}); without one, Notion's default of a single title "Name".
     * The first data source shows the database's title, description, icon and cover.
     */
    JsonNode createDatabase(JsonNode body, String version) {
        JsonNode parentId = body.path("parent").path("page_id");
        if (parentId.isMissingNode()) {
            throw ApiError.validation("body failed validation: body.parent.page_id should be defined, instead was `undefined`.");
        }
        String pageId = lookup.page(Lookup.bodyId(parentId, "body.parent.page_id")).get("id").asText();
        JsonNode schemaRequest = body.path("initial_data_source").path("properties");
        if (schemaRequest.isMissingNode()) {
            schemaRequest = body.has("properties") ? body.get("properties") : Json.object().set("Name", Json.object().set("title", Json.object()));
        }
        ObjectNode schema = Schema.properties(schemaRequest, "body.initial_data_source.properties", lookup::databaseOf);
        ArrayNode title = Json.toResponseRichText(body.has("title") ? body.get("title") : Json.array(), "body.title");
        String now = Json.now();
        ObjectNode database = Json.object().put("object", "database").put("id", Json.newId());
        database.set("title", title);
        database.set("description", Json.toResponseRichText(body.has("description") ? body.get("description") : Json.array(), "body.description"));
        database.putObject("parent").put("type", "page_id").put("page_id", pageId);
        database.put("is_inline", body.path("is_inline").asBoolean(false)).put("in_trash", false).put("is_locked", false)
                .put("created_time", now).put("last_edited_time", now);
        database.putNull("icon");
        database.putNull("cover");
        NotionApi.setLooks(database, body);
        ObjectNode dataSource = newDataSource(database, title.deepCopy(), schema);
        for (String inherited : List.of("description", "icon", "cover")) {
            dataSource.set(inherited, database.get(inherited).deepCopy());
        }
        database.putArray("data_source_ids").add(dataSource.get("id").asText());
        workspace.putDatabase(database, dataSource);
        return presenter.database(database, version);
    }

    /** Adds a data source to an existing database. */
    JsonNode createDataSource(JsonNode body, String version) {
        JsonNode databaseId = body.path("parent").path("database_id");
        if (databaseId.isMissingNode()) {
            throw ApiError.validation("body failed validation: body.parent.database_id should be defined, instead was `undefined`.");
        }
        ObjectNode database = lookup.database(Lookup.bodyId(databaseId, "body.parent.database_id"));
        ObjectNode schema = Schema.properties(body.path("properties"), "body.properties", lookup::databaseOf);
        ArrayNode title = Json.toResponseRichText(body.has("title") ? body.get("title") : Json.array(), "body.title");
        ObjectNode dataSource = newDataSource(database, title, schema);
        NotionApi.setLooks(dataSource, body);
        workspace.addDataSource(database.get("id").asText(), dataSource);
        return presenter.dataSource(dataSource, version);
    }

    /**
     * Updates a data source: title, description, icon, schema ({@link Schema#update}: add, reconfigure, rename,
     * remove properties; rows gain empty values of new properties and lose removed ones) and trash.
     */
    JsonNode updateDataSource(String rawId, JsonNode body, String version) {
        ObjectNode dataSource = lookup.dataSource(Lookup.id(rawId, "data_source_id"));
        if (body.has("properties")) {
            ObjectNode before = (ObjectNode) dataSource.get("properties");
            ObjectNode after = Schema.update(before, body.get("properties"), "body.properties", lookup::databaseOf);
            dataSource.set("properties", after);
            reshapeRows(dataSource.get("id").asText(), after);
        }
        if (body.has("title")) {
            dataSource.set("title", Json.toResponseRichText(body.get("title"), "body.title"));
        }
        if (body.has("description")) {
            dataSource.set("description", Json.toResponseRichText(body.get("description"), "body.description"));
        }
        NotionApi.setLooks(dataSource, body);
        if (body.has("in_trash") || body.has("archived")) {
            dataSource.put("in_trash", body.path("in_trash").asBoolean(body.path("archived").asBoolean(false)));
        }
        dataSource.put("last_edited_time", Json.now());
        return presenter.dataSource(dataSource, version);
    }

    JsonNode queryDataSource(String rawId, JsonNode body, String version) {
        ObjectNode dataSource = lookup.dataSource(Lookup.id(rawId, "data_source_id"));
        ObjectNode schema = (ObjectNode) dataSource.get("properties");
        int pageSize = Lists.pageSize(body.path("page_size"), "body.page_size");
        Predicate<ObjectNode> filter = QueryEngine.filter(body.path("filter"), schema, "body.filter");
        Comparator<ObjectNode> order = QueryEngine.sorts(body.path("sorts"), schema);
        boolean trashed = body.path("in_trash").asBoolean(false);
        List<ObjectNode> rows = new ArrayList<>();
        for (String id : workspace.rowIds(dataSource.get("id").asText())) {
            workspace.page(id).filter(p -> p.path("in_trash").asBoolean(false) == trashed).ifPresent(rows::add);
        }
        rows.sort(order);
        List<ObjectNode> matches = rows.stream().filter(filter).toList();
        String cursor = body.path("start_cursor").asText(null);
        return Lists.page(matches, Lists.resumeAt(cursor, rows, matches), pageSize, "page_or_data_source", page -> presenter.page(page, version));
    }

    private ObjectNode newDataSource(ObjectNode database, ArrayNode title, ObjectNode schema) {
        String now = Json.now();
        ObjectNode dataSource = Json.object().put("object", "data_source").put("id", Json.newId());
        dataSource.set("title", title);
        dataSource.putArray("description");
        dataSource.putObject("parent").put("type", "database_id").put("database_id", database.get("id").asText());
        dataSource.set("database_parent", database.get("parent").deepCopy());
        dataSource.put("is_inline", database.get("is_inline").asBoolean()).put("in_trash", false)
                .put("created_time", now).put("last_edited_time", now);
        dataSource.set("created_by", Json.user(workspace.botId()));
        dataSource.set("last_edited_by", Json.user(workspace.botId()));
        dataSource.set("properties", schema);
        dataSource.putNull("icon");
        dataSource.putNull("cover");
        return dataSource;
    }

    /** Rows follow their data source's new schema: renamed values move, new properties start empty, removed ones go. */
    private void reshapeRows(String dataSourceId, ObjectNode schema) {
        List<String> rowIds = workspace.rowIds(dataSourceId);
        for (int i = 0; i < rowIds.size(); i++) {
            int rowNumber = i + 1;
            workspace.page(rowIds.get(i)).ifPresent(row -> {
                ObjectNode old = (ObjectNode) row.get("properties");
                ObjectNode values = Json.object();
                schema.properties().forEach(property -> {
                    JsonNode kept = null;
                    for (JsonNode value : old) {
                        if (value.path("id").asText().equals(property.getValue().path("id").asText())
                                && value.path("type").asText().equals(property.getValue().path("type").asText())) {
                            kept = value;
                        }
                    }
                    values.set(property.getKey(), kept != null ? kept : Schema.emptyValue(property.getValue(), rowNumber));
                });
                row.set("properties", values);
            });
        }
    }
}
