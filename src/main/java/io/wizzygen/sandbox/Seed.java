package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The workspace a fresh sandbox starts with (CONTRACTS.md): a root page "Wizzygen Sandbox" shared with the
 * token, holding the Connections database, a blank "Sample page" and the Topics database with three rows;
 * plus one page outside the shared tree, to show what an unshared page answers.
 */
final class Seed {

    private Seed() {
    }

    static void plant(Workspace workspace) {
        String rootId = Json.newId();
        workspace.setIdentity(Json.newId(), rootId);
        Presenter presenter = new Presenter(workspace, "http://localhost");
        PageEvents quiet = new PageEvents(workspace, Events.NONE);
        NotionApi api = new NotionApi(workspace, presenter, new BlockApi(workspace, presenter, quiet), quiet);
        DatabaseApi databases = new DatabaseApi(workspace, presenter);
        ObjectNode root = workspacePage(workspace, rootId, Workspace.ROOT_TITLE);
        workspace.putPage(root);
        workspace.putPage(workspacePage(workspace, Json.newId(), "Private notes (not shared with the integration)"));

        databases.createDatabase(json("""
                {"parent": {"page_id": "%s"}, "title": [{"text": {"content": "Connections"}}],
                 "initial_data_source": {"properties": {
                   "Name": {"title": {}},
                   "Type": {"select": {"options": [{"name": "Notion Page", "color": "blue"}, {"name": "Notion Database", "color": "purple"}]}},
                   "URL": {"url": {}},
                   "Prompt": {"rich_text": {}},
                   "Status": {"select": {"options": []}},
                   "Last run": {"date": {}}}}}
                """.formatted(rootId)), null);
        api.createPage(json("""
                {"parent": {"page_id": "%s"}, "properties": {"title": {"title": [{"text": {"content": "Sample page"}}]}}}
                """.formatted(rootId)), null);
        JsonNode topics = databases.createDatabase(json("""
                {"parent": {"page_id": "%s"}, "title": [{"text": {"content": "Topics"}}],
                 "initial_data_source": {"properties": {
                   "Topic": {"title": {}},
                   "Generate": {"checkbox": {}},
                   "Content": {"rich_text": {}},
                   "AI Status": {"select": {"options": [{"name": "Done", "color": "green"}, {"name": "Failed", "color": "red"}]}},
                   "AI Error": {"rich_text": {}}}}}
                """.formatted(rootId)), null);
        String topicsSource = topics.path("data_sources").path(0).path("id").asText();
        for (String topic : new String[] {"Learning is fun", "Notion is best tool", "Social media is a boon"}) {
            ObjectNode row = Json.object();
            row.putObject("parent").put("data_source_id", topicsSource);
            row.putObject("properties").putObject("Topic").putArray("title").addObject().putObject("text").put("content", topic);
            api.createPage(row, null);
        }
    }

    private static ObjectNode workspacePage(Workspace workspace, String id, String title) {
        String now = Json.now();
        ObjectNode page = Json.object().put("object", "page").put("id", id).put("created_time", now).put("last_edited_time", now);
        page.set("created_by", Json.user(workspace.botId()));
        page.set("last_edited_by", Json.user(workspace.botId()));
        page.putNull("cover");
        page.putNull("icon");
        page.putObject("parent").put("type", "workspace").put("workspace", true);
        page.put("in_trash", false).put("is_archived", false).put("is_locked", false);
        page.putObject("properties").putObject("title").put("id", "title").put("type", "title").set("title", Json.richText(title));
        return page;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
