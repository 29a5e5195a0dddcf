package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns stored objects into what a given Notion-Version answers: urls pointing at the sandbox's viewer,
 * computed fields (has_children, data_sources, timestamps and authors in properties, the text of mentions)
 * and the version's field names ({@code archived} beside {@code in_trash} for 2025-09-03).
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

    /** The integration's bot user, as users/me answers it. */
    ObjectNode bot() {
        ObjectNode user = Json.object().put("object", "user").put("id", workspace.botId())
                .put("name", Workspace.INTEGRATION_NAME).putNull("avatar_url").put("type", "bot");
        ObjectNode bot = user.putObject("bot");
        bot.putObject("owner").put("type", "workspace").put("workspace", true);
        bot.put("workspace_name", "Wizzygen Sandbox").put("workspace_id", workspace.rootId());
        bot.putObject("workspace_limits").put("max_file_upload_size_in_bytes", 5 * 1024 * 1024);
        return user;
    }

    ObjectNode page(ObjectNode stored, String version) {
        ObjectNode page = stored.deepCopy();
        for (JsonNode property : page.path("properties")) {
            String type = property.path("type").asText();
            switch (type) {
                case "created_time", "last_edited_time" -> ((ObjectNode) property).put(type, stored.path(type).asText());
                case "created_by", "last_edited_by" -> ((ObjectNode) property).set(type, author(stored.path(type)));
                default -> {
                }
            }
        }
        mentions(page);
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

    /** A block; a sub-page's block has children when the page has content, a database's block never. */
    ObjectNode block(ObjectNode stored, String version) {
        ObjectNode block = stored.deepCopy();
        block.put("has_children", !block.path("type").asText().equals("child_database")
                && !workspace.liveChildren(stored.get("id").asText()).isEmpty());
        mentions(block);
        return versioned(block, version);
    }

    /** The user a property of type created_by / last_edited_by shows: the bot, in full, when it is the bot. */
    private JsonNode author(JsonNode user) {
        if (!user.path("id").asText().equals(workspace.botId())) {
            return user;
        }
        ObjectNode bot = bot();
        bot.set("bot", Json.object());
        return bot;
    }

    /** Mentions of pages, databases and users read as their current title or name and link to the object. */
    private void mentions(JsonNode tree) {
        if (tree instanceof ObjectNode item && item.path("type").asText().equals("mention")) {
            JsonNode mention = item.path("mention");
            String id = mention.path(mention.path("type").asText()).path("id").asText();
            switch (mention.path("type").asText()) {
                case "page" -> workspace.page(id).ifPresent(page -> item.put("plain_text", titleOf(page)).put("href", url(titleOf(page), id)));
                case "database" -> workspace.database(id).ifPresent(database -> item.put("plain_text", Json.plainText(database.path("title")))
                        .put("href", url(Json.plainText(database.path("title")), id)));
                case "user" -> item.put("plain_text", "@" + (id.equals(workspace.botId()) ? Workspace.INTEGRATION_NAME : "Anonymous"));
                default -> {
                }
            }
            return;
        }
        tree.forEach(this::mentions);
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

    /** 2025-09-03 answers also carry {@code archived}, the older name of {@code in_trash}. */
    private static ObjectNode versioned(ObjectNode object, String version) {
        if (V2025.equals(version)) {
            object.put("archived", object.path("in_trash").asBoolean(false));
        }
        return object;
    }
}
