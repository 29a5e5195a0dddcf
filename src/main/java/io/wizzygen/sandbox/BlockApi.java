package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's block endpoints: retrieve, update (content or trash), delete, list and append children.
 * A sub-page or a database is also a block (child_page, child_database): trashing or restoring one reaches the
 * other. Called while holding the workspace's lock.
 */
final class BlockApi {

    private final Workspace workspace;
    private final Presenter presenter;
    private final Lookup lookup;
    private final PageEvents events;

    BlockApi(Workspace workspace, Presenter presenter, PageEvents events) {
        this.workspace = workspace;
        this.presenter = presenter;
        this.lookup = new Lookup(workspace);
        this.events = events;
    }

    JsonNode retrieveBlock(String rawId, String version) {
        return presenter.block(lookup.block(Lookup.id(rawId, "block_id")), version);
    }

    JsonNode deleteBlock(String rawId, String version) {
        ObjectNode block = lookup.block(Lookup.id(rawId, "block_id"));
        if (block.path("in_trash").asBoolean(false)) {
            throw ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
        }
        trash(block, true);
        return presenter.block(block, version);
    }

    /**
     * Updates a block's content (fields not given keep their values; the type cannot change) and/or moves it to
     * or from the trash ({@code in_trash}, or {@code archived} in 2025-09-03).
     */
    JsonNode updateBlock(String rawId, JsonNode body, String version) {
        ObjectNode block = lookup.block(Lookup.id(rawId, "block_id"));
        String type = block.path("type").asText();
        boolean trashChange = body.has("in_trash") || body.has("archived");
        boolean trash = body.path("in_trash").asBoolean(body.path("archived").asBoolean(false));
        if (block.path("in_trash").asBoolean(false) && !(trashChange && !trash)) {
            throw ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
        }
        if (body.has(type)) {
            if (type.equals("child_page") || type.equals("child_database")) {
                throw ApiError.validation("body failed validation: body." + type + " cannot be updated here: update the "
                        + (type.equals("child_page") ? "page" : "database") + " instead.");
            }
            ObjectNode merged = ((ObjectNode) block.get(type)).deepCopy();
            if (!body.get(type).isObject()) {
                throw ApiError.validation("body failed validation: body." + type + " should be an object, instead was `" + Json.abbreviate(body.get(type)) + "`.");
            }
            merged.setAll((ObjectNode) body.get(type));
            merged.remove("children");
            block.set(type, Blocks.content(type, merged, "body." + type));
        } else {
            for (String key : Json.names(body)) {
                if (!key.equals("in_trash") && !key.equals("archived") && !key.equals("type")) {
                    throw ApiError.validation("body failed validation: body." + key + " should be not present (this block is a " + type + ").");
                }
            }
        }
        if (trashChange && trash != block.path("in_trash").asBoolean(false)) {
            trash(block, trash);
        } else {
            touch(block);
            events.contentUpdated(parentOf(block), List.of(block.get("id").asText()));
        }
        return presenter.block(block, version);
    }

    JsonNode listChildren(String rawId, Map<String, String> query, String version) {
        String parentId = lookup.container(Lookup.id(rawId, "block_id"));
        int pageSize = Lists.pageSize(query.containsKey("page_size") ? Json.MAPPER.getNodeFactory().textNode(query.get("page_size")) : null,
                "query.page_size");
        return Lists.page(workspace.liveChildren(parentId), query.get("start_cursor"), pageSize, "block",
                block -> presenter.block(block, version));
    }

    JsonNode appendChildren(String rawId, JsonNode body, String version) {
        String parentId = lookup.container(Lookup.id(rawId, "block_id"));
        List<Blocks.Draft> drafts = Blocks.validate(body.path("children"), "body.children");
        String after = afterBlock(body, version, parentId);
        List<ObjectNode> created = store(parentId, drafts, after);
        ObjectNode answer = Json.object().put("object", "list");
        var results = answer.putArray("results");
        created.forEach(block -> results.add(presenter.block(block, version)));
        answer.putNull("next_cursor");
        answer.put("has_more", false).put("type", "block");
        answer.putObject("block");
        return answer;
    }

    /** Stores validated drafts (and their children) under a parent, at its end or after the block {@code afterId}. */
    List<ObjectNode> store(String parentId, List<Blocks.Draft> drafts, String afterId) {
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
            store(block.get("id").asText(), draft.children(), null);
            created.add(block);
        }
        if (!created.isEmpty()) {
            workspace.page(parentId).ifPresent(this::touch);
            events.contentUpdated(parentId, created.stream().map(block -> block.get("id").asText()).toList());
        }
        return created;
    }

    private void trash(ObjectNode block, boolean trash) {
        String id = block.get("id").asText();
        workspace.setTrash(id, trash);
        touch(block);
        if (block.path("type").asText().equals("child_page")) {
            workspace.page(id).ifPresent(page -> events.trashed(page, trash));
        } else {
            events.contentUpdated(parentOf(block), List.of(id));
        }
    }

    private static String parentOf(ObjectNode block) {
        JsonNode parent = block.path("parent");
        return parent.path(parent.path("type").asText()).asText();
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
        String id = Lookup.bodyId(Json.MAPPER.getNodeFactory().textNode(after), body.has("after") ? "body.after" : "body.position.after_block.id");
        if (!workspace.childIds(parentId).contains(id)) {
            throw ApiError.validation("The block to insert after (" + id + ") is not a child of " + parentId + ".");
        }
        return id;
    }

    private void touch(ObjectNode object) {
        object.put("last_edited_time", Json.now());
    }
}
