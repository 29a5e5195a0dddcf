package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's user, page and search endpoints on raw JSON: each takes the request's version, ids and body and
 * answers Notion's response body, or throws {@link ApiError} with Notion's status, code and wording. Databases,
 * data sources and blocks have their own classes. All calls are made while holding the workspace's lock.
 */
final class NotionApi {

    private final Workspace workspace;
    private final Presenter presenter;
    private final Lookup lookup;
    private final BlockApi blocks;
    private final PageEvents events;

    NotionApi(Workspace workspace, Presenter presenter, BlockApi blocks, PageEvents events) {
        this.workspace = workspace;
        this.presenter = presenter;
        this.lookup = new Lookup(workspace);
        this.blocks = blocks;
        this.events = events;
    }

    JsonNode me() {
        return presenter.bot();
    }

    /** The workspace's users the integration can see: here only its bot. */
    JsonNode listUsers(Map<String, String> query) {
        int pageSize = Lists.pageSize(query.containsKey("page_size") ? Json.MAPPER.getNodeFactory().textNode(query.get("page_size")) : null,
                "query.page_size");
        ObjectNode bot = presenter.bot();
        return Lists.page(List.of(bot), query.get("start_cursor"), pageSize, "user", user -> user);
    }

    JsonNode retrievePage(String rawId, String version) {
        return presenter.page(lookup.page(Lookup.id(rawId, "page_id")), version);
    }

    JsonNode createPage(JsonNode body, String version) {
        JsonNode parent = body.path("parent");
        if (!parent.isObject()) {
            throw ApiError.validation("body failed validation: body.parent should be defined, instead was `undefined`.");
        }
        JsonNode properties = body.path("properties");
        ObjectNode page = newPageShell();
        if (parent.has("data_source_id") || parent.has("database_id")) {
            ObjectNode dataSource = parent.has("data_source_id")
                    ? lookup.dataSource(Lookup.bodyId(parent.get("data_source_id"), "body.parent.data_source_id"))
                    : lookup.firstDataSource(Lookup.bodyId(parent.get("database_id"), "body.parent.database_id"));
            String dataSourceId = dataSource.get("id").asText();
            page.putObject("parent").put("type", "data_source_id").put("data_source_id", dataSourceId)
                    .put("database_id", dataSource.path("parent").path("database_id").asText());
            ObjectNode schema = (ObjectNode) dataSource.get("properties");
            ObjectNode values = Schema.emptyValues(schema, workspace.rowIds(dataSourceId).size() + 1);
            Schema.write(schema, values, properties, "body.properties");
            page.set("properties", values);
        } else if (parent.has("page_id")) {
            String parentId = lookup.page(Lookup.bodyId(parent.get("page_id"), "body.parent.page_id")).get("id").asText();
            page.putObject("parent").put("type", "page_id").put("page_id", parentId);
            JsonNode title = properties.has("title") ? properties.get("title") : properties.path("Name");
            ObjectNode values = Json.object();
            values.putObject("title").put("id", "title").put("type", "title").set("title",
                    Json.toResponseRichText(title.has("title") ? title.get("title") : title.isMissingNode() ? Json.array() : title,
                            "body.properties.title.title"));
            page.set("properties", values);
        } else {
            throw ApiError.validation("body failed validation: body.parent should have a data_source_id or a page_id, instead was `"
                    + Json.abbreviate(parent) + "`.");
        }
        setLooks(page, body);
        List<Blocks.Draft> children = body.has("children") ? Blocks.validate(body.get("children"), "body.children") : List.of();
        workspace.putPage(page);
        blocks.store(page.get("id").asText(), children, null);
        events.created(page);
        return presenter.page(page, version);
    }

    JsonNode updatePage(String rawId, JsonNode body, String version) {
        ObjectNode page = lookup.page(Lookup.id(rawId, "page_id"));
        boolean trashChange = body.has("in_trash") || body.has("archived");
        boolean trash = body.path("in_trash").asBoolean(body.path("archived").asBoolean(false));
        boolean trashed = page.path("in_trash").asBoolean(false);
        if (trashed && !(trashChange && !trash)) {
            throw ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
        }
        Set<String> changed = new LinkedHashSet<>();
        if (body.has("properties")) {
            ObjectNode schema = schemaOf(page);
            ObjectNode values = ((ObjectNode) page.get("properties")).deepCopy();
            Schema.write(schema, values, body.get("properties"), "body.properties");
            values.properties().forEach(e -> {
                if (!e.getValue().equals(page.path("properties").path(e.getKey()))) {
                    changed.add(e.getValue().path("id").asText());
                }
            });
            page.set("properties", values);
            workspace.renameChildBlock(page);
        }
        setLooks(page, body);
        if (trashChange) {
            workspace.setTrash(page.get("id").asText(), trash);
        }
        touch(page);
        events.propertiesUpdated(page, changed);
        if (trashChange && trash != trashed) {
            events.trashed(page, trash);
        }
        return presenter.page(page, version);
    }

    JsonNode search(JsonNode body, String version) {
        String text = body.path("query").asText("").toLowerCase(Locale.ROOT);
        String only = body.path("filter").path("value").asText(null);
        if (only != null && !only.equals("page") && !only.equals("data_source")) {
            throw ApiError.validation("body failed validation: body.filter.value should be `\"page\"` or `\"data_source\"`, instead was `\""
                    + only + "\"`.");
        }
        int pageSize = Lists.pageSize(body.path("page_size"), "body.page_size");
        List<ObjectNode> hits = new ArrayList<>();
        if (only == null || only.equals("page")) {
            for (ObjectNode page : workspace.allPages()) {
                if (!page.path("in_trash").asBoolean(false) && workspace.isShared(page.get("id").asText())
                        && Presenter.titleOf(page).toLowerCase(Locale.ROOT).contains(text)) {
                    hits.add(page);
                }
            }
        }
        if (only == null || only.equals("data_source")) {
            for (ObjectNode dataSource : workspace.allDataSources()) {
                if (!dataSource.path("in_trash").asBoolean(false) && workspace.isShared(dataSource.get("id").asText())
                        && Json.plainText(dataSource.path("title")).toLowerCase(Locale.ROOT).contains(text)) {
                    hits.add(dataSource);
                }
            }
        }
        boolean ascending = body.path("sort").path("direction").asText("descending").equals("ascending");
        Comparator<ObjectNode> byEdit = Comparator.comparing(o -> o.path("last_edited_time").asText());
        hits.sort(ascending ? byEdit : byEdit.reversed());
        return Lists.page(hits, body.path("start_cursor").asText(null), pageSize, "page_or_data_source",
                object -> presenter.any(object, version));
    }

    private ObjectNode newPageShell() {
        String now = Json.now();
        ObjectNode page = Json.object().put("object", "page").put("id", Json.newId())
                .put("created_time", now).put("last_edited_time", now);
        page.set("created_by", Json.user(workspace.botId()));
        page.set("last_edited_by", Json.user(workspace.botId()));
        page.putNull("cover");
        page.putNull("icon");
        page.put("in_trash", false).put("is_archived", false).put("is_locked", false);
        return page;
    }

    /** Icon and cover, when the request sets them (null removes them). */
    static void setLooks(ObjectNode object, JsonNode body) {
        if (body.has("icon")) {
            object.set("icon", Json.icon(body.get("icon"), "body.icon"));
        }
        if (body.has("cover")) {
            object.set("cover", Json.cover(body.get("cover"), "body.cover"));
        }
    }

    private void touch(ObjectNode object) {
        object.put("last_edited_time", Json.now());
    }

    private ObjectNode schemaOf(ObjectNode page) {
        JsonNode parent = page.path("parent");
        if (parent.path("type").asText().equals("data_source_id")) {
            return (ObjectNode) workspace.dataSource(parent.get("data_source_id").asText()).orElseThrow().get("properties");
        }
        ObjectNode schema = Json.object();
        schema.putObject("title").put("id", "title").put("name", "title").put("type", "title");
        return schema;
    }
}
