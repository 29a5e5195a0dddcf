package io.wizzygen.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A data source query: optional filter, sorts, and the page size used while streaming results. */
public record Query(Filter filter, List<Sort> sorts, int pageSize) {

    public Query {
        sorts = List.copyOf(sorts);
        if (pageSize < 1 || pageSize > NotionLimits.PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + NotionLimits.PAGE_SIZE);
        }
    }

    public static Query all() {
        return new Query(null, List.of(), NotionLimits.PAGE_SIZE);
    }

    public static Query where(Filter filter) {
        return new Query(filter, List.of(), NotionLimits.PAGE_SIZE);
    }

    public Query sortedBy(Sort sort) {
        List<Sort> more = new ArrayList<>(sorts);
        more.add(sort);
        return new Query(filter, more, pageSize);
    }

    public Query withPageSize(int size) {
        return new Query(filter, sorts, size);
    }

    ObjectNode toJson(String cursor) {
        ObjectNode body = NotionHttp.JSON.createObjectNode().put("page_size", pageSize);
        if (filter != null) {
            body.set("filter", filter.json());
        }
        if (!sorts.isEmpty()) {
            var array = body.putArray("sorts");
            sorts.forEach(s -> array.add(s.toJson()));
        }
        if (cursor != null) {
            body.put("start_cursor", cursor);
        }
        return body;
    }

    /** A sort by property or by timestamp (created_time / last_edited_time). */
    public record Sort(String property, String timestamp, boolean ascending) {

        public static Sort byProperty(String property, boolean ascending) {
            return new Sort(property, null, ascending);
        }

        public static Sort byTimestamp(String timestamp, boolean ascending) {
            return new Sort(null, timestamp, ascending);
        }

        ObjectNode toJson() {
            ObjectNode node = NotionHttp.JSON.createObjectNode();
            if (property != null) {
                node.put("property", property);
            } else {
                node.put("timestamp", timestamp);
            }
            return node.put("direction", ascending ? "ascending" : "descending");
        }
    }
}
