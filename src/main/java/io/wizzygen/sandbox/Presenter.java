package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns stored objects into what a given Notion-Version answers: urls pointing at the sandbox's viewer,
 * computed fields (has_children, data_sources, timestamps in properties) and the version's field names
 * ({@code archived} beside {@code in_trash} for 2025-09-03).
 */
final class Presenter {

    static final String V2025 = "2025-09-03";

    private final Workspace workspace;
    private final String publicUrl;

    Presenter(Workspace workspace, String publicUrl) {
        this.workspace = workspace;
        this.publicUrl = publicUrl;
    }

    /** The viewer link of an object: {@code <base>/<Title-Slug>-<32hex>}, as Notion's urls look. */
    String url(String title, String id) {
        String slug = title.replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-|-$)", "");
        return publicUrl + "/" + (slug.isEmpty() ? "" : slug + "-") + Json.compact(id);
    }

    ObjectNode page(ObjectNode stored, String version) {
        ObjectNode page = stored.deepCopy();
        for (JsonNode property : page.path("properties")) {
            String type = property.path("type").asText();
            if (type.equals("created_time") || type.equals("last_edited_time")) {
                ((ObjectNode) property).put(type, stored.path(type).asText());
            }
        }
        page.put("url", url(titleOf(stored), stored.get("id").asText()));
        page.putNull("public_url");
        return versioned(page, version);
    }

    ObjectNode database(ObjectNode stored, String version) {
        ObjectNode database = stored.deepCopy();
        var sources = database.putArray("data_sources");
        for (JsonNode id : stored.path("data_source_ids")) {
            workspace.dataSource(id.asText()).ifPresent(ds -> sources.addObject().put("id", ds.get("id").asText())
                    .put("name", Json.plainText(ds.path("title"))));
        }
        database.remove("data_source_ids");
        database.put("url", url(Json.plainText(stored.path("title")), stored.get("id").asText()));
        database.putNull("public_url");
        return versioned(database, version);
    }

    ObjectNode dataSource(ObjectNode stored, String version) {
        ObjectNode dataSource = stored.deepCopy();
        dataSource.put("url", url(Json.plainText(stored.path("title")), stored.path("parent").path("database_id").asText()));
        dataSource.putNull("public_url");
        return versioned(dataSource, version);
    }

    ObjectNode block(ObjectNode stored, String version) {
        ObjectNode block = stored.deepCopy();
        String type = block.path("type").asText();
        boolean container = type.equals("child_page") || type.equals("child_database");
        block.put("has_children", !container && !workspace.liveChildren(stored.get("id").asText()).isEmpty());
        return versioned(block, version);
    }

    /** Whatever kind of object the id names, presented (for search results and the viewer). */
    ObjectNode any(ObjectNode stored, String version) {
        return switch (stored.path("object").asText()) {
            case "page" -> page(stored, version);
            case "database" -> database(stored, version);
            case "data_source" -> dataSource(stored, version);
            default -> block(stored, version);
        };
    }

    static String titleOf(JsonNode page) {
        for (JsonNode property : page.path("properties")) {
            if (property.path("type").asText().equals("title")) {
                return Json.plainText(property.path("title"));
            }
        }
        return "";
    }

    private static ObjectNode versioned(ObjectNode object, String version) {
        if (V2025.equals(version)) {
            object.put("archived", object.path("in_trash").asBoolean(false));
            object.remove("is_archived");
        }
        return object;
    }
}
