package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Appends any tree of blocks within Notion's limits: text items ≤ 2000 units, ≤ 100 rich text items per block,
 * ≤ 100 blocks per array, ≤ 2 levels of children under the blocks of one request. Deeper children and children past the first 100
 * follow in later requests to the blocks just created, so the tree lands whole and in order.
 * Appends are not idempotent: after an ambiguous failure the parent's last children are compared with what
 * was sent before anything is sent again, so no block is ever written twice.
 */
final class BlockWriter {

    /** Notion accepts at most 1000 blocks (all levels together) in one request. */
    static final int MAX_BLOCKS_PER_REQUEST = 1000;

    private final NotionHttp http;
    private final Function<NotionId, List<Block>> listChildren;

    BlockWriter(NotionHttp http, Function<NotionId, List<Block>> listChildren) {
        this.http = http;
        this.listChildren = listChildren;
    }

    /** Appends the blocks (in Notion's request form, children nested inside the type object) under the parent. */
    Appended append(NotionId parent, List<? extends JsonNode> blocks) {
        List<ObjectNode> normalized = new ArrayList<>();
        blocks.forEach(block -> normalized.addAll(normalize(block)));
        Requests requests = new Requests();
        return new Appended(write(parent, normalized, requests), requests.sent);
    }

    /** The append requests one append has sent so far. */
    private static final class Requests {
        int sent;
    }

    private List<Block> write(NotionId parent, List<ObjectNode> blocks, Requests requests) {
        List<Block> created = new ArrayList<>();
        int next = 0;
        while (next < blocks.size()) {
            List<ObjectNode> chunk = new ArrayList<>();
            List<Integer> levels = new ArrayList<>();
            int total = 0;
            while (next < blocks.size() && chunk.size() < NotionLimits.ARRAY_LENGTH) {
                ObjectNode block = blocks.get(next);
                int blockLevels = levelsThatFit(block);
                int size = count(truncated(block, blockLevels));
                if (!chunk.isEmpty() && total + size > MAX_BLOCKS_PER_REQUEST) {
                    break;
                }
                chunk.add(block);
                levels.add(blockLevels);
                total += size;
                next++;
            }
            List<Block> landed = appendOnce(parent, chunk, levels);
            requests.sent++;
            for (int i = 0; i < chunk.size(); i++) {
                completeChildren(landed.get(i).id(), chunk.get(i), levels.get(i), requests);
            }
            created.addAll(landed);
        }
        return created;
    }

    /** The most levels of descendants (≤ 2) the block can carry while staying within 1000 blocks per request. */
    private static int levelsThatFit(ObjectNode block) {
        int levels = NotionLimits.NESTING_PER_REQUEST;
        while (levels > 0 && count(truncated(block, levels)) > MAX_BLOCKS_PER_REQUEST) {
            levels--;
        }
        return levels;
    }

    private static int count(ObjectNode block) {
        int total = 1;
        for (ObjectNode child : children(block)) {
            total += count(child);
        }
        return total;
    }

    /**
     * Appends what did not fit into the request that created {@code block}: children past the first 100, and
     * descendants deeper than the {@code sentLevels} levels that travelled with it.
     */
    private void completeChildren(NotionId createdId, ObjectNode block, int sentLevels, Requests requests) {
        List<ObjectNode> children = children(block);
        if (children.isEmpty()) {
            return;
        }
        if (sentLevels == 0) {
            write(createdId, children, requests);
            return;
        }
        List<ObjectNode> sent = children.subList(0, Math.min(children.size(), NotionLimits.ARRAY_LENGTH));
        if (sent.stream().anyMatch(child -> isIncomplete(child, sentLevels - 1))) {
            List<Block> createdChildren = listChildren.apply(createdId);
            for (int j = 0; j < sent.size(); j++) {
                completeChildren(createdChildren.get(j).id(), sent.get(j), sentLevels - 1, requests);
            }
        }
        if (children.size() > sent.size()) {
            write(createdId, children.subList(sent.size(), children.size()), requests);
        }
    }

    /** True when sending the block with {@code levels} levels of descendants leaves some of them behind. */
    private static boolean isIncomplete(ObjectNode block, int levels) {
        List<ObjectNode> children = children(block);
        if (children.isEmpty()) {
            return false;
        }
        return levels == 0 || children.size() > NotionLimits.ARRAY_LENGTH
                || children.stream().anyMatch(child -> isIncomplete(child, levels - 1));
    }

    private List<Block> appendOnce(NotionId parent, List<ObjectNode> chunk, List<Integer> levels) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        ArrayNode array = body.putArray("children");
        for (int i = 0; i < chunk.size(); i++) {
            array.add(truncated(chunk.get(i), levels.get(i)));
        }
        NotionHttp.Call call = new NotionHttp.Call("PATCH", "/v1/blocks/" + parent + "/children", body, false);
        JsonNode answer = http.send(call, failure -> landedTail(parent, chunk));
        List<Block> created = new ArrayList<>();
        answer.path("results").forEach(result -> created.add(Block.fromJson(result)));
        if (created.size() != chunk.size()) {
            throw new NotionException(200, "unexpected_response", "Notion answered " + created.size()
                    + " created blocks for " + chunk.size() + " sent", null);
        }
        return created;
    }

    /** After an ambiguous failure: the created blocks, when the parent's last children are exactly what was sent. */
    private Optional<JsonNode> landedTail(NotionId parent, List<ObjectNode> chunk) {
        List<Block> existing = listChildren.apply(parent);
        if (existing.size() < chunk.size()) {
            return Optional.empty();
        }
        List<Block> tail = existing.subList(existing.size() - chunk.size(), existing.size());
        for (int i = 0; i < chunk.size(); i++) {
            ObjectNode sent = chunk.get(i);
            String type = sent.path("type").asText();
            if (!tail.get(i).type().equals(type)
                    || !tail.get(i).plainText().equals(RichText.plainText(sent.path(type).path("rich_text")))) {
                return Optional.empty();
            }
        }
        ObjectNode result = NotionHttp.JSON.createObjectNode();
        ArrayNode results = result.putArray("results");
        tail.forEach(block -> results.add(block.json()));
        return Optional.of(result);
    }

    /** A copy of the block carrying at most {@code levels} levels of descendants, at most 100 per level. */
    private static ObjectNode truncated(ObjectNode block, int levels) {
        ObjectNode copy = block.deepCopy();
        String type = block.path("type").asText();
        List<ObjectNode> children = children(block);
        if (children.isEmpty()) {
            return copy;
        }
        ObjectNode content = (ObjectNode) copy.get(type);
        if (levels == 0) {
            content.remove("children");
            return copy;
        }
        ArrayNode kept = content.putArray("children");
        children.subList(0, Math.min(children.size(), NotionLimits.ARRAY_LENGTH))
                .forEach(child -> kept.add(truncated(child, levels - 1)));
        return copy;
    }

    private static List<ObjectNode> children(JsonNode block) {
        List<ObjectNode> children = new ArrayList<>();
        block.path(block.path("type").asText()).path("children").forEach(child -> children.add((ObjectNode) child));
        return children;
    }

    /**
     * Splits over-long text items, and a block with more than 100 rich text items into consecutive blocks of
     * the same type (its children go with the last), recursively through its children.
     */
    static List<ObjectNode> normalize(JsonNode block) {
        ObjectNode copy = block.deepCopy();
        copy.remove("object");
        String type = copy.path("type").asText();
        if (type.isEmpty() || !copy.path(type).isObject()) {
            throw new IllegalArgumentException("a block needs a \"type\" and a matching object, got " + block);
        }
        ObjectNode content = (ObjectNode) copy.get(type);
        List<ObjectNode> children = new ArrayList<>();
        children(copy).forEach(child -> children.addAll(normalize(child)));
        content.remove("children");
        List<ArrayNode> textChunks = List.of(NotionHttp.JSON.createArrayNode());
        if (content.path("rich_text").isArray()) {
            ArrayNode text = RichText.withinLimits((ArrayNode) content.get("rich_text"));
            textChunks = new ArrayList<>();
            for (List<JsonNode> items : NotionLimits.chunks(listOf(text), NotionLimits.ARRAY_LENGTH)) {
                textChunks.add(NotionHttp.JSON.createArrayNode().addAll(items));
            }
            if (textChunks.isEmpty()) {
                textChunks.add(NotionHttp.JSON.createArrayNode());
            }
        }
        List<ObjectNode> blocks = new ArrayList<>();
        for (int i = 0; i < textChunks.size(); i++) {
            ObjectNode piece = copy.deepCopy();
            ObjectNode pieceContent = (ObjectNode) piece.get(type);
            if (content.has("rich_text")) {
                pieceContent.set("rich_text", textChunks.get(i));
            }
            if (i == textChunks.size() - 1 && !children.isEmpty()) {
                pieceContent.putArray("children").addAll(children);
            }
            blocks.add(piece);
        }
        return blocks;
    }

    private static List<JsonNode> listOf(ArrayNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
