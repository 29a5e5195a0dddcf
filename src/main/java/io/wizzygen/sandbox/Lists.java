package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Function;

/** Notion's paginated list answers: {@code page_size} (1..100), cursors naming the first item of the next page. */
final class Lists {

    /** The cursor of a page past the end (a cursor's row stopped matching and nothing after it matches). */
    static final String END_CURSOR = "end";

    private Lists() {
    }

    /** One page of {@code items} from {@code cursor} on, each presented, in Notion's list form of {@code type}. */
    static ObjectNode page(List<ObjectNode> items, String cursor, int pageSize, String type, Function<ObjectNode, ObjectNode> present) {
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

    /**
     * A cursor names the row a page starts at. When that row stopped matching meanwhile (its checkbox was
     * cleared by the caller), the page starts at the next row that still matches, so paging through a
     * result that the caller is changing neither fails nor skips rows.
     */
    static String resumeAt(String cursor, List<ObjectNode> rows, List<ObjectNode> matches) {
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

    static int pageSize(JsonNode value, String path) {
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
}
