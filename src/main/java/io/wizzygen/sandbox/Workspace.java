package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's whole workspace: pages, databases, data sources and blocks in their stored (response) form,
 * the order of every parent's children and of every data source's rows. Everything under the root page is
 * shared with the integration; one page outside it is not. Kept in memory, and in a JSON file when a data
 * folder is given. Callers synchronise on the workspace.
 */
final class Workspace {

    static final String INTEGRATION_NAME = "Wizzygen Sandbox";
    static final String ROOT_TITLE = "Wizzygen Sandbox";

    private final Map<String, ObjectNode> pages = new LinkedHashMap<>();
    private final Map<String, ObjectNode> databases = new LinkedHashMap<>();
    private final Map<String, ObjectNode> dataSources = new LinkedHashMap<>();
    private final Map<String, ObjectNode> blocks = new LinkedHashMap<>();
    /** Parent (page or block) id → ordered child block ids. */
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    /** Data source id → row page ids in creation order. */
    private final Map<String, List<String>> rows = new LinkedHashMap<>();
    private final Path file;
    private String botId;
    private String rootId;

    private Workspace(Path file) {
        this.file = file;
    }

    /** The workspace kept in {@code dataDir} (loaded when present, else seeded), or an in-memory one for null. */
    static Workspace open(Path dataDir) {
        Path file = dataDir == null ? null : dataDir.resolve("workspace.json");
        Workspace workspace = new Workspace(file);
        if (file != null && Files.exists(file)) {
            workspace.load();
        } else {
            Seed.plant(workspace);
            workspace.save();
        }
        return workspace;
    }

    String botId() {
        return botId;
    }

    String rootId() {
        return rootId;
    }

    void setIdentity(String botId, String rootId) {
        this.botId = botId;
        this.rootId = rootId;
    }

    Optional<ObjectNode> page(String id) {
        return Optional.ofNullable(pages.get(id));
    }

    Optional<ObjectNode> database(String id) {
        return Optional.ofNullable(databases.get(id));
    }

    Optional<ObjectNode> dataSource(String id) {
        return Optional.ofNullable(dataSources.get(id));
    }

    Optional<ObjectNode> block(String id) {
        return Optional.ofNullable(blocks.get(id));
    }

    Iterable<ObjectNode> allPages() {
        return pages.values();
    }

    Iterable<ObjectNode> allDataSources() {
        return dataSources.values();
    }

    /** What kind of object an id names, for Notion's "is a database, not a page" answers. */
    Optional<String> kindOf(String id) {
        if (pages.containsKey(id)) {
            return Optional.of("page");
        }
        if (databases.containsKey(id)) {
            return Optional.of("database");
        }
        if (dataSources.containsKey(id)) {
            return Optional.of("data_source");
        }
        return blocks.containsKey(id) ? Optional.of("block") : Optional.empty();
    }

    List<String> childIds(String parentId) {
        return children.getOrDefault(parentId, List.of());
    }

    List<String> rowIds(String dataSourceId) {
        return rows.getOrDefault(dataSourceId, List.of());
    }

    /** True when the object lies in the tree shared with the integration (under the root page). */
    boolean isShared(String id) {
        String current = id;
        for (int hops = 0; current != null && hops < 10_000; hops++) {
            if (current.equals(rootId)) {
                return true;
            }
            current = parentOf(current);
        }
        return false;
    }

    /** The page an object belongs to: itself when it is a page, else the nearest page above it. */
    Optional<String> pageOf(String id) {
        String current = id;
        for (int hops = 0; current != null && hops < 10_000; hops++) {
            if (pages.containsKey(current)) {
                return Optional.of(current);
            }
            current = parentOf(current);
        }
        return Optional.empty();
    }

    /**
     * Moves an object to the trash or restores it. A sub-page or a database is also the block that shows it in
     * its parent (same id): both change together, as in Notion, where deleting the block trashes the page.
     */
    void setTrash(String id, boolean trash) {
        for (Map<String, ObjectNode> objects : List.of(pages, databases, blocks)) {
            ObjectNode object = objects.get(id);
            if (object != null) {
                object.put("in_trash", trash);
            }
        }
    }

    /** A sub-page's block shows its title: it follows the page's title property. */
    void renameChildBlock(ObjectNode page) {
        ObjectNode block = blocks.get(page.get("id").asText());
        if (block != null && block.path("type").asText().equals("child_page")) {
            for (JsonNode property : page.path("properties")) {
                if (property.path("type").asText().equals("title")) {
                    ((ObjectNode) block.get("child_page")).put("title", Json.plainText(property.path("title")));
                }
            }
        }
    }

    /** Adds another data source to a database. */
    void addDataSource(String databaseId, ObjectNode dataSource) {
        dataSources.put(dataSource.get("id").asText(), dataSource);
        databases.get(databaseId).withArrayProperty("data_source_ids").add(dataSource.get("id").asText());
    }

    private String parentOf(String id) {
        ObjectNode node = pages.containsKey(id) ? pages.get(id) : databases.containsKey(id) ? databases.get(id)
                : dataSources.containsKey(id) ? dataSources.get(id) : blocks.get(id);
        if (node == null) {
            return null;
        }
        JsonNode parent = node.path("parent");
        return switch (parent.path("type").asText()) {
            case "page_id" -> parent.path("page_id").asText();
            case "block_id" -> parent.path("block_id").asText();
            case "database_id" -> parent.path("database_id").asText();
            case "data_source_id" -> parent.path("data_source_id").asText();
            default -> null;
        };
    }

    void putPage(ObjectNode page) {
        pages.put(page.get("id").asText(), page);
        JsonNode parent = page.path("parent");
        if (parent.path("type").asText().equals("data_source_id")) {
            rows.computeIfAbsent(parent.path("data_source_id").asText(), k -> new ArrayList<>()).add(page.get("id").asText());
        } else if (parent.path("type").asText().equals("page_id")) {
            ObjectNode block = newBlock(parent.path("page_id").asText(), "child_page", page.get("id").asText());
            ((ObjectNode) block.get("child_page")).put("title", Json.plainText(page.path("properties").path("title").path("title")));
            appendChild(parent.path("page_id").asText(), block);
        }
    }

    void putDatabase(ObjectNode database, ObjectNode dataSource) {
        String id = database.get("id").asText();
        databases.put(id, database);
        dataSources.put(dataSource.get("id").asText(), dataSource);
        String parentPage = database.path("parent").path("page_id").asText(null);
        if (parentPage != null) {
            ObjectNode block = newBlock(parentPage, "child_database", id);
            ((ObjectNode) block.get("child_database")).put("title", Json.plainText(database.path("title")));
            appendChild(parentPage, block);
        }
    }

    /** A block in stored form with an empty content object of its type. */
    ObjectNode newBlock(String parentId, String type, String id) {
        ObjectNode block = Json.object().put("object", "block").put("id", id == null ? Json.newId() : id);
        String parentType = pages.containsKey(parentId) ? "page_id" : "block_id";
        block.putObject("parent").put("type", parentType).put(parentType, parentId);
        String now = Json.now();
        block.put("created_time", now).put("last_edited_time", now);
        block.set("created_by", Json.user(botId));
        block.set("last_edited_by", Json.user(botId));
        block.put("has_children", false).put("in_trash", false).put("type", type);
        block.putObject(type);
        return block;
    }

    /** Adds a stored block as the last child of a page or block. */
    void appendChild(String parentId, ObjectNode block) {
        blocks.put(block.get("id").asText(), block);
        children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(block.get("id").asText());
    }

    /** Inserts a stored block right after another child of the same parent. */
    void insertChildAfter(String parentId, String afterId, ObjectNode block) {
        List<String> list = children.computeIfAbsent(parentId, k -> new ArrayList<>());
        int index = list.indexOf(afterId);
        blocks.put(block.get("id").asText(), block);
        list.add(index + 1, block.get("id").asText()); // index -1 (the "start" position) inserts first
    }

    /** Children of a parent that are not in the trash, in order. */
    List<ObjectNode> liveChildren(String parentId) {
        List<ObjectNode> live = new ArrayList<>();
        for (String id : childIds(parentId)) {
            ObjectNode block = blocks.get(id);
            if (block != null && !block.path("in_trash").asBoolean(false)) {
                live.add(block);
            }
        }
        return live;
    }

    /** Writes the workspace to its file (atomically), when it has one. */
    void save() {
        if (file == null) {
            return;
        }
        ObjectNode state = Json.object().put("bot_id", botId).put("root_id", rootId);
        state.set("pages", Json.MAPPER.valueToTree(pages));
        state.set("databases", Json.MAPPER.valueToTree(databases));
        state.set("data_sources", Json.MAPPER.valueToTree(dataSources));
        state.set("blocks", Json.MAPPER.valueToTree(blocks));
        state.set("children", Json.MAPPER.valueToTree(children));
        state.set("rows", Json.MAPPER.valueToTree(rows));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the sandbox workspace to " + file, e);
        }
    }

    private void load() {
        try {
            JsonNode state = Json.MAPPER.readTree(file.toFile());
            botId = state.path("bot_id").asText();
            rootId = state.path("root_id").asText();
            state.path("pages").properties().forEach(e -> pages.put(e.getKey(), (ObjectNode) e.getValue()));
            state.path("databases").properties().forEach(e -> databases.put(e.getKey(), (ObjectNode) e.getValue()));
            state.path("data_sources").properties().forEach(e -> dataSources.put(e.getKey(), (ObjectNode) e.getValue()));
            state.path("blocks").properties().forEach(e -> blocks.put(e.getKey(), (ObjectNode) e.getValue()));
            state.path("children").properties().forEach(e -> children.put(e.getKey(), ids((ArrayNode) e.getValue())));
            state.path("rows").properties().forEach(e -> rows.put(e.getKey(), ids((ArrayNode) e.getValue())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the sandbox workspace " + file
                    + " (delete it to start from the seeded workspace)", e);
        }
    }

    private static List<String> ids(ArrayNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
