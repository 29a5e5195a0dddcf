package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;

/**
 * The page events Notion's webhooks send, built from the workspace: created, properties updated (with the
 * ids of the properties), content updated (with the blocks), deleted and undeleted. The parent of a database
 * row is its database, with the data source beside it, as in Notion-Version 2025-09-03 events.
 */
final class PageEvents {

    private final Workspace workspace;
    private final Events events;

    PageEvents(Workspace workspace, Events events) {
        this.workspace = workspace;
        this.events = events;
    }

    void created(ObjectNode page) {
        events.emit("page.created", entity(page), data(page));
    }

    void propertiesUpdated(ObjectNode page, Collection<String> propertyIds) {
        if (!propertyIds.isEmpty()) {
            ObjectNode data = data(page);
            propertyIds.forEach(data.withArrayProperty("updated_properties")::add);
            events.emit("page.properties_updated", entity(page), data);
        }
    }

    /** Blocks changed under a page or a block: the event names the page they belong to. */
    void contentUpdated(String containerId, List<String> blockIds) {
        workspace.pageOf(containerId).flatMap(workspace::page).ifPresent(page -> {
            ObjectNode data = data(page);
            blockIds.forEach(id -> data.withArrayProperty("updated_blocks").addObject().put("id", id).put("type", "block"));
            events.emit("page.content_updated", entity(page), data);
        });
    }

    void trashed(ObjectNode page, boolean trash) {
        events.emit(trash ? "page.deleted" : "page.undeleted", entity(page), data(page));
    }

    private static ObjectNode entity(ObjectNode page) {
        return Json.object().put("id", page.get("id").asText()).put("type", "page");
    }

    private ObjectNode data(ObjectNode page) {
        ObjectNode data = Json.object();
        JsonNode parent = page.path("parent");
        ObjectNode out = data.putObject("parent");
        switch (parent.path("type").asText()) {
            case "data_source_id" -> out.put("id", parent.path("database_id").asText()).put("type", "database")
                    .put("data_source_id", parent.path("data_source_id").asText());
            case "page_id" -> out.put("id", parent.path("page_id").asText()).put("type", "page");
            case "block_id" -> out.put("id", parent.path("block_id").asText()).put("type", "block");
            default -> out.put("id", workspace.rootId()).put("type", "space");
        }
        return data;
    }
}
