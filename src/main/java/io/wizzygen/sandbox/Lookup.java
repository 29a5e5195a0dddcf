package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * Finds the objects a request names, answering as Notion does when it cannot: a path parameter that is no
 * uuid is a validation error naming the parameter, an object outside the shared tree is "not found", an id of
 * another kind names the endpoint to use instead.
 */
final class Lookup {

    private final Workspace workspace;

    Lookup(Workspace workspace) {
        this.workspace = workspace;
    }

    /** A path parameter's id in dashed form, or Notion's validation error naming the parameter (page_id, block_id …). */
    static String id(String raw, String parameter) {
        String id = Json.normalizeId(raw);
        if (id == null) {
            throw ApiError.validation("path failed validation: path." + parameter + " should be a valid uuid, instead was `\"" + raw + "\"`.");
        }
        return id;
    }

    /** An id given in a request body. */
    static String bodyId(JsonNode raw, String path) {
        String id = Json.normalizeId(raw.asText(null));
        if (id == null) {
            throw ApiError.validation("body failed validation: " + path + " should be a valid uuid, instead was `" + Json.abbreviate(raw) + "`.");
        }
        return id;
    }

    ObjectNode page(String id) {
        return workspace.page(id).filter(p -> workspace.isShared(id)).orElseThrow(() -> wrongKindOr(id, "page"));
    }

    ObjectNode database(String id) {
        return workspace.database(id).filter(d -> workspace.isShared(id)).orElseThrow(() -> wrongKindOr(id, "database"));
    }

    /** A shared data source; Notion words a missing one as a missing database. */
    ObjectNode dataSource(String id) {
        return workspace.dataSource(id).filter(d -> workspace.isShared(id))
                .orElseThrow(() -> workspace.kindOf(id).filter(kind -> !kind.equals("data_source") && !kind.equals("block") && workspace.isShared(id))
                        .map(kind -> wrongKind(id, kind, "data_source")).orElseGet(() -> ApiError.notFound("database", id)));
    }

    ObjectNode block(String id) {
        return workspace.block(id).filter(b -> workspace.isShared(id)).orElseThrow(() -> ApiError.notFound("block", id));
    }

    /** A page or block id that is shared, for the children endpoints. */
    String container(String id) {
        if ((workspace.page(id).isPresent() || workspace.block(id).isPresent()) && workspace.isShared(id)) {
            return id;
        }
        throw ApiError.notFound("block", id);
    }

    /** The first data source of a shared database (a page created under a database id lands there). */
    ObjectNode firstDataSource(String databaseId) {
        ObjectNode database = workspace.database(databaseId).filter(d -> workspace.isShared(databaseId))
                .orElseThrow(() -> ApiError.notFound("database", databaseId));
        return dataSource(database.path("data_source_ids").path(0).asText());
    }

    /** The database of a shared data source (for relation properties). */
    Optional<String> databaseOf(String dataSourceId) {
        return workspace.dataSource(dataSourceId).filter(d -> workspace.isShared(dataSourceId))
                .map(d -> d.path("parent").path("database_id").asText());
    }

    /** Notion's answer for an id of the wrong kind (a database id given to the pages endpoint…), else not found. */
    private ApiError wrongKindOr(String id, String wanted) {
        return workspace.kindOf(id).filter(kind -> !kind.equals(wanted) && !kind.equals("block") && workspace.isShared(id))
                .map(kind -> wrongKind(id, kind, wanted))
                .orElseGet(() -> ApiError.notFound(wanted, id));
    }

    private static ApiError wrongKind(String id, String kind, String wanted) {
        return ApiError.validation("Provided ID " + id + " is a " + kind.replace('_', ' ') + ", not a " + wanted.replace('_', ' ')
                + ". Use the retrieve " + kind.replace('_', ' ') + " API instead, or use a " + wanted.replace('_', ' ') + " ID.");
    }
}
