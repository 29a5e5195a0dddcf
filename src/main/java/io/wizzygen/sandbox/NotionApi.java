package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sandbox's endpoints on raw JSON: each takes the request's version, ids and body and answers Notion's
 * response body, or throws {@link ApiError} with Notion's status, code and wording. All calls are made
 * while holding the workspace's lock.
 */
final class NotionApi {

    private final Workspace workspace;
    private final Presenter presenter;

    NotionApi(Workspace workspace, Presenter presenter) {
        this.workspace = workspace;
        this.presenter = presenter;
    }

    JsonNode me() {
        ObjectNode user = Json.object().put("object", "user").put("id", workspace.botId())
                .put("name", Workspace.INTEGRATION_NAME).putNull("avatar_url").put("type", "bot");
        ObjectNode bot = user.putObject("bot");
        bot.putObject("owner").put("type", "workspace").put("workspace", true);
        bot.put("workspace_id", workspace.rootId()).put("workspace_name", "Wizzygen Sandbox");
        bot.putObject("workspace_limits").put("max_file_upload_size_in_bytes", 5 * 1024 * 1024);
        return user;
    }

    JsonNode retrievePage(String rawId, String version) {
        return presenter.page(sharedPage(rawId), version);
    }

    JsonNode createPage(JsonNode body, String version) {
        JsonNode parent = body.path("parent");
        if (!parent.isObject()) {
            throw ApiError.validation("body failed validation: body.parent should be defined, instead was `undefined`.");
        }
        JsonNode properties = body.path("properties");
        ObjectNode page = newPageShell();
        if (parent.has("data_source_id") || parent.has("database_id")) {
            ObjectNode dataSource = parent.has("data_source_id") ? sharedDataSource(parent.get("data_source_id").asText())
                    : firstDataSource(parent.get("database_id").asText());
            page.putObject("parent").put("type", "data_source_id").put("data_source_id", dataSource.get("id").asText())
                    .put("database_id", dataSource.path("parent").path("database_id").asText());
            ObjectNode values = Schema.emptyValues((ObjectNode) dataSource.get("properties"));
            Schema.write((ObjectNode) dataSource.get("properties"), values, properties, "body.properties");
            page.set("properties", values);
        } else if (parent.has("page_id")) {
            String parentId = sharedPage(parent.get("page_id").asText()).get("id").asText();
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
        List<Blocks.Draft> children = body.has("children") ? Blocks.validate(body.get("children"), "body.children") : List.of();
        workspace.putPage(page);
        store(page.get("id").asText(), children);
        return presenter.page(page, version);
    }

    JsonNode updatePage(String rawId, JsonNode body, String version) {
        ObjectNode page = sharedPage(rawId);
        boolean trashChange = body.has("in_trash") || body.has("archived");
        boolean trash = body.path("in_trash").asBoolean(body.path("archived").asBoolean(false));
        if (page.path("in_trash").asBoolean(false) && !(trashChange && !trash)) {
            throw ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
        }
        if (body.has("properties")) {
            ObjectNode schema = schemaOf(page);
            ObjectNode values = ((ObjectNode) page.get("properties")).deepCopy();
            Schema.write(schema, values, body.get("properties"), "body.properties");
            page.set("properties", values);
        }
        if (trashChange) {
            page.put("in_trash", trash);
        }
        touch(page);
        return presenter.page(page, version);
    }

    JsonNode retrieveDatabase(String rawId, String version) {
        String id = id(rawId);
        ObjectNode database = workspace.database(id).filter(d -> workspace.isShared(id))
                .orElseThrow(() -> wrongKindOr(id, "database"));
        return presenter.database(database, version);
    }

    JsonNode retrieveDataSource(String rawId, String version) {
        return presenter.dataSource(sharedDataSource(rawId), version);
    }

    JsonNode createDatabase(JsonNode body, String version) {
        String parentId = body.path("parent").path("page_id").asText(null);
        if (parentId == null) {
            throw ApiError.validation("body failed validation: body.parent.page_id should be defined, instead was `undefined`.");
        }
        String pageId = sharedPage(parentId).get("id").asText();
        JsonNode schemaRequest = body.path("initial_data_source").path("properties");
        if (schemaRequest.isMissingNode()) {
            schemaRequest = body.path("properties");
        }
        ObjectNode schema = Schema.properties(schemaRequest, "body.initial_data_source.properties");
        ArrayNode title = Json.toResponseRichText(body.has("title") ? body.get("title") : Json.array(), "body.title");
        String now = Json.now();
        ObjectNode database = Json.object().put("object", "database").put("id", Json.newId());
        database.set("title", title);
        database.putArray("description");
        database.putObject("parent").put("type", "page_id").put("page_id", pageId);
        database.put("is_inline", body.path("is_inline").asBoolean(false)).put("in_trash", false).put("is_locked", false)
                .put("created_time", now).put("last_edited_time", now);
        database.putNull("icon");
        database.putNull("cover");
        ObjectNode dataSource = Json.object().put("object", "data_source").put("id", Json.newId());
        dataSource.set("title", title.deepCopy());
        dataSource.putArray("description");
        dataSource.putObject("parent").put("type", "database_id").put("database_id", database.get("id").asText());
        dataSource.putObject("database_parent").put("type", "page_id").put("page_id", pageId);
        dataSource.put("is_inline", database.get("is_inline").asBoolean()).put("in_trash", false)
                .put("created_time", now).put("last_edited_time", now);
        dataSource.set("created_by", Json.user(workspace.botId()));
        dataSource.set("last_edited_by", Json.user(workspace.botId()));
        dataSource.set("properties", schema);
        dataSource.putNull("icon");
        dataSource.putNull("cover");
        database.putArray("data_source_ids").add(dataSource.get("id").asText());
        workspace.putDatabase(database, dataSource);
        return presenter.database(database, version);
    }

    JsonNode queryDataSource(String rawId, JsonNode body, String version) {
        ObjectNode dataSource = sharedDataSource(rawId);
        ObjectNode schema = (ObjectNode) dataSource.get("properties");
        int pageSize = pageSize(body.path("page_size"), "body.page_size");
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
        return list(matches, resumeAt(cursor, rows, matches), pageSize, "page_or_data_source", page -> presenter.page(page, version));
    }

    JsonNode appendChildren(String rawId, JsonNode body, String version) {
        String parentId = sharedContainer(rawId);
        List<Blocks.Draft> drafts = Blocks.validate(body.path("children"), "body.children");
        String after = afterBlock(body, version, parentId);
        List<ObjectNode> created = store(parentId, drafts, after);
        List<ObjectNode> results = new ArrayList<>();
        created.forEach(block -> results.add(presenter.block(block, version)));
        ObjectNode answer = Json.object().put("object", "list");
        answer.putArray("results").addAll(results);
        answer.putNull("next_cursor");
        answer.put("has_more", false).put("type", "block");
        answer.putObject("block");
        return answer;
    }

    JsonNode listChildren(String rawId, Map<String, String> query, String version) {
        String parentId = sharedContainer(rawId);
        int pageSize = pageSize(query.containsKey("page_size") ? Json.MAPPER.getNodeFactory().textNode(query.get("page_size")) : null,
                "query.page_size");
        return list(workspace.liveChildren(parentId), query.get("start_cursor"), pageSize, "block",
                block -> presenter.block(block, version));
    }

    JsonNode retrieveBlock(String rawId, String version) {
        return presenter.block(sharedBlock(rawId), version);
    }

    JsonNode deleteBlock(String rawId, String version) {
        ObjectNode block = sharedBlock(rawId);
        if (block.path("in_trash").asBoolean(false)) {
            throw ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
        }
        block.put("in_trash", true);
        touch(block);
        String type = block.path("type").asText();
        if (type.equals("child_page")) {
            workspace.page(block.get("id").asText()).ifPresent(page -> page.put("in_trash", true));
        } else if (type.equals("child_database")) {
            workspace.database(block.get("id").asText()).ifPresent(database -> database.put("in_trash", true));
        }
        return presenter.block(block, version);
    }

    JsonNode search(JsonNode body, String version) {
        String text = body.path("query").asText("").toLowerCase(Locale.ROOT);
        String only = body.path("filter").path("value").asText(null);
        if (only != null && !only.equals("page") && !only.equals("data_source")) {
            throw ApiError.validation("body failed validation: body.filter.value should be `\"page\"` or `\"data_source\"`, instead was `\""
                    + only + "\"`.");
        }
        int pageSize = pageSize(body.path("page_size"), "body.page_size");
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
        return list(hits, body.path("start_cursor").asText(null), pageSize, "page_or_data_source",
                object -> presenter.any(object, version));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

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

    private void touch(ObjectNode object) {
        object.put("last_edited_time", Json.now());
    }

    /** Stores validated drafts (and their children) at the end of a parent's children. */
    private List<ObjectNode> store(String parentId, List<Blocks.Draft> drafts) {
        return store(parentId, drafts, null);
    }

    private List<ObjectNode> store(String parentId, List<Blocks.Draft> drafts, String afterId) {
        List<ObjectNode> created = new ArrayList<>();
        String previous = afterId;
        for (Blocks.Draft draft : drafts) {
            String type = draft.stored().get("type").asText();
            ObjectNode block = workspace.newBlock(parentId, type, null);
            block.set(type, draft.stored().get(type));
            if (previous == null) {
                workspace.appendChild(parentId, block);
            } else {
                workspace.insertChildAfter(parentId, previous, block);
                previous = block.get("id").asText();
            }
            store(block.get("id").asText(), draft.children());
            created.add(block);
        }
        workspace.page(parentId).ifPresent(this::touch);
        return created;
    }

    private String afterBlock(JsonNode body, String version, String parentId) {
        String after = null;
        if (body.has("position")) {
            JsonNode position = body.get("position");
            switch (position.path("type").asText()) {
                case "after_block" -> after = position.path("after_block").path("id").asText(null);
                case "start" -> {
                    List<String> ids = workspace.childIds(parentId);
                    return ids.isEmpty() ? null : "__start__";
                }
                case "end" -> after = null;
                default -> throw ApiError.validation("body failed validation: body.position.type should be `after_block`, `start` or `end`.");
            }
        } else if (body.has("after")) {
            if (!Presenter.V2025.equals(version)) {
                throw ApiError.validation("body failed validation: body.after is not supported in Notion-Version " + version + "; use body.position.");
            }
            after = body.get("after").asText();
        }
        if (after == null) {
            return null;
        }
        String id = id(after);
        if (!workspace.childIds(parentId).contains(id)) {
            throw ApiError.validation("The block to insert after (" + id + ") is not a child of " + parentId + ".");
        }
        return id;
    }

    /**
     * A cursor names the row a page starts at. When that row stopped matching meanwhile (its checkbox was
     * cleared by the caller), the page starts at the next row that still matches, so paging through a
     * result that the caller is changing neither fails nor skips rows.
     */
    private static String resumeAt(String cursor, List<ObjectNode> rows, List<ObjectNode> matches) {
        String id = cursor == null ? null : Json.normalizeId(cursor);
        if (id == null || matches.stream().anyMatch(m -> m.get("id").asText().equals(id))) {
            return cursor;
        }
        boolean passed = false;
        for (ObjectNode row : rows) {
            passed |= row.get("id").asText().equals(id);
            if (passed && matches.contains(row)) {
                return row.get("id").asText();
            }
        }
        return passed ? END_CURSOR : cursor;
    }

    private static final String END_CURSOR = "end";

    private JsonNode list(List<ObjectNode> items, String cursor, int pageSize, String type,
                          java.util.function.Function<ObjectNode, ObjectNode> present) {
        int start = 0;
        if (END_CURSOR.equals(cursor)) {
            start = items.size();
        } else if (cursor != null) {
            String cursorId = Json.normalizeId(cursor);
            start = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).get("id").asText().equals(cursorId)) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                throw ApiError.validation("body failed validation: start_cursor should be a valid cursor, instead was `" + cursor + "`.");
            }
        }
        int end = Math.min(items.size(), start + pageSize);
        ObjectNode answer = Json.object().put("object", "list");
        ArrayNode results = answer.putArray("results");
        items.subList(start, end).forEach(item -> results.add(present.apply(item)));
        if (end < items.size()) {
            answer.put("next_cursor", items.get(end).get("id").asText());
        } else {
            answer.putNull("next_cursor");
        }
        answer.put("has_more", end < items.size()).put("type", type);
        answer.putObject(type);
        return answer;
    }

    private static int pageSize(JsonNode value, String path) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return 100;
        }
        int size = value.isNumber() ? value.asInt() : parseInt(value.asText(), path);
        if (size < 1 || size > 100) {
            throw ApiError.validation("body failed validation: " + path + " should be ≤ `100` and ≥ `1`, instead was `" + size + "`.");
        }
        return size;
    }

    private static int parseInt(String text, String path) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiError.validation("body failed validation: " + path + " should be a number, instead was `" + text + "`.");
        }
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

    static String id(String raw) {
        String id = Json.normalizeId(raw);
        if (id == null) {
            throw ApiError.validation("path failed validation: path.id should be a valid uuid, instead was `\"" + raw + "\"`.");
        }
        return id;
    }

    private ObjectNode sharedPage(String raw) {
        String id = id(raw);
        return workspace.page(id).filter(p -> workspace.isShared(id)).orElseThrow(() -> wrongKindOr(id, "page"));
    }

    private ObjectNode sharedDataSource(String raw) {
        String id = id(raw);
        return workspace.dataSource(id).filter(d -> workspace.isShared(id)).orElseThrow(() -> wrongKindOr(id, "data_source"));
    }

    private ObjectNode firstDataSource(String rawDatabaseId) {
        String id = id(rawDatabaseId);
        ObjectNode database = workspace.database(id).filter(d -> workspace.isShared(id)).orElseThrow(() -> ApiError.notFound("database", id));
        return sharedDataSource(database.path("data_source_ids").path(0).asText());
    }

    private ObjectNode sharedBlock(String raw) {
        String id = id(raw);
        return workspace.block(id).filter(b -> workspace.isShared(id)).orElseThrow(() -> ApiError.notFound("block", id));
    }

    /** A page or block id that is shared, for the children endpoints. */
    private String sharedContainer(String raw) {
        String id = id(raw);
        if ((workspace.page(id).isPresent() || workspace.block(id).isPresent()) && workspace.isShared(id)) {
            return id;
        }
        throw ApiError.notFound("block", id);
    }

    /** Notion's answer for an id of the wrong kind (a database id given to the pages endpoint…), else not found. */
    private ApiError wrongKindOr(String id, String wanted) {
        return workspace.kindOf(id).filter(kind -> !kind.equals(wanted) && !kind.equals("block") && workspace.isShared(id))
                .map(kind -> ApiError.validation("Provided ID " + id + " is a " + kind.replace('_', ' ') + ", not a "
                        + wanted.replace('_', ' ') + ". Use the retrieve " + kind.replace('_', ' ') + " API instead, or use a "
                        + wanted.replace('_', ' ') + " ID."))
                .orElseGet(() -> ApiError.notFound(wanted, id));
    }
}
