package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Notion's published per-operation OpenAPI documents (read from ../shared/notion/openapi at test time),
 * used to validate request bodies and responses as JSON Schema 2020-12. Where real traffic recorded from
 * api.notion.com contradicts them, the recording wins (see {@code asDocumented}).
 * <p>
 * One adjustment, made in memory: Notion's documents close each branch of an {@code allOf} with
 * {@code additionalProperties: false}, which in JSON Schema rejects every property named in a sibling branch
 * (so no error body or user object could ever be valid). Those branch-level closures are lifted onto the
 * {@code allOf} itself as {@code unevaluatedProperties: false}, which is what the documents mean.
 */
public final class NotionContract {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile NotionContract instance;

    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** One documented operation; {@code version} is the Notion-Version its document describes. */
    private record Operation(String file, String method, String template, Pattern path, String version, ObjectNode document) {
    }

    /** The documents of this machine's ../shared/notion/openapi (or the folder in -Dwizzygen.notion.specs). */
    public static NotionContract load() {
        if (instance == null) {
            synchronized (NotionContract.class) {
                if (instance == null) {
                    instance = new NotionContract(specsFolder());
                }
            }
        }
        return instance;
    }

    private static Path specsFolder() {
        return SharedNotion.folder("openapi");
    }

    private NotionContract(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                ObjectNode document = (ObjectNode) YAML.readTree(file.toFile());
                closeAllOfs(document);
                String version = document.at("/components/parameters/notionVersion/schema/enum/0").asText("");
                document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
                    String template = path.getKey();
                    Pattern pattern = Pattern.compile("^" + template.replaceAll("\\{[^}]+}", "[^/]+") + "$");
                    operations.add(new Operation(file.getFileName().toString(), method.getKey().toUpperCase(), template, pattern, version, document));
                }));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of a request body against the operation's documented request schema (empty when valid). */
    public List<String> requestProblems(String method, String path, JsonNode body) {
        Operation operation = operation(method, path);
        JsonNode schema = operation.document.at(pointer(operation, "requestBody", "content", "application/json", "schema"));
        if (schema.isMissingNode()) {
            return body == null || body.isNull() || body.isMissingNode() ? List.of()
                    : List.of(method + " " + operation.template + " documents no request body, but one was sent");
        }
        return validate(operation, "request", schema, body);
    }

    /**
     * Problems of a response body against the operation's documented response for that status, when the
     * document describes the Notion-Version of the exchange (answers differ between versions: archived vs
     * in_trash/is_archived); empty when it describes another version.
     */
    public List<String> responseProblems(String method, String path, String version, int status, JsonNode body) {
        Operation operation = operation(method, path);
        if (!operation.version.equals(version)) {
            return List.of();
        }
        JsonNode schema = operation.document.at(pointer(operation, "responses", Integer.toString(status), "content", "application/json", "schema"));
        if (schema.isMissingNode()) {
            return status / 100 == 2 ? List.of(method + " " + operation.template + " documents no " + status + " response") : List.of();
        }
        return validate(operation, "response " + status, schema, asDocumented(body, version));
    }

    /**
     * The answer without what real Notion sends but its documents leave out (the recordings in ../shared/notion/recorded
     * win over the documents): {@code request_id} in every body, success or error (it must still be a uuid), and
     * {@code is_archived} beside {@code in_trash} and {@code archived} in 2025-09-03 pages (notion-sdk-py's recordings).
     */
    private static JsonNode asDocumented(JsonNode body, String version) {
        if (!(body instanceof ObjectNode object)) {
            return body;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.has("request_id")) {
            String requestId = copy.remove("request_id").asText("");
            if (!requestId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                copy.put("request_id", "request_id should be a uuid, was " + requestId);
            }
        }
        if (version.equals("2025-09-03")) {
            walk(copy, node -> {
                if (node.path("object").asText().equals("page") && node.path("is_archived").isBoolean()) {
                    node.remove("is_archived");
                }
            });
        }
        return copy;
    }

    /** True when Notion documents this operation (method and path, query string ignored). */
    public boolean documents(String method, String path) {
        return find(method, path).isPresent();
    }

    private Operation operation(String method, String path) {
        return find(method, path).orElseThrow(() -> new AssertionError("no Notion OpenAPI document describes " + method + " " + path));
    }

    private Optional<Operation> find(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        // A literal path (/v1/pages) beats a templated one (/v1/pages/{page_id}) that could also match.
        return operations.stream().filter(o -> o.method.equals(method) && o.path.matcher(bare).matches())
                .min((a, b) -> Long.compare(a.template.chars().filter(c -> c == '{').count(), b.template.chars().filter(c -> c == '{').count()));
    }

    private static String pointer(Operation operation, String... parts) {
        StringBuilder pointer = new StringBuilder("/paths/").append(escape(operation.template)).append('/').append(operation.method.toLowerCase());
        for (String part : parts) {
            pointer.append('/').append(escape(part));
        }
        return pointer.toString();
    }

    private static String escape(String part) {
        return part.replace("~", "~0").replace("/", "~1");
    }

    private List<String> validate(Operation operation, String what, JsonNode schema, JsonNode instance) {
        String key = operation.file + "|" + operation.method + "|" + what;
        Schema compiled = schemas.computeIfAbsent(key, k -> {
            ObjectNode root = schema.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", operation.document.path("components"));
            return registry.getSchema(root.toString(), InputFormat.JSON);
        });
        List<Error> errors = compiled.validate(instance == null ? "null" : instance.toString(), InputFormat.JSON);
        List<String> problems = new ArrayList<>();
        for (Error error : errors) {
            problems.add(operation.method + " " + operation.template + " " + what + " (" + operation.file + "): "
                    + error.getInstanceLocation() + " " + error.getMessage());
        }
        return problems;
    }

    /**
     * Lifts additionalProperties:false from allOf branches (and from what they reach in place: $ref, oneOf,
     * anyOf, allOf) onto the allOf as unevaluatedProperties:false.
     */
    private static void closeAllOfs(ObjectNode document) {
        JsonNode componentSchemas = document.path("components").path("schemas");
        List<ObjectNode> toOpen = new ArrayList<>();
        walk(document, node -> {
            JsonNode allOf = node.get("allOf");
            if (allOf == null || !allOf.isArray()) {
                return;
            }
            List<ObjectNode> closed = new ArrayList<>();
            allOf.forEach(branch -> collectClosed(branch, componentSchemas, closed, new java.util.HashSet<>()));
            if (!closed.isEmpty()) {
                toOpen.addAll(closed);
                node.put("unevaluatedProperties", false);
            }
        });
        toOpen.forEach(schema -> schema.remove("additionalProperties"));
    }

    private static void collectClosed(JsonNode schema, JsonNode components, List<ObjectNode> closed, java.util.Set<String> seen) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            if (seen.add(ref)) {
                collectClosed(components.path(ref.substring("#/components/schemas/".length())), components, closed, seen);
            }
            return;
        }
        if (schema instanceof ObjectNode object && object.path("additionalProperties").isBoolean()
                && !object.get("additionalProperties").asBoolean()) {
            closed.add(object);
        }
        for (String applicator : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(applicator).forEach(branch -> collectClosed(branch, components, closed, seen));
        }
    }

    private static void walk(JsonNode node, java.util.function.Consumer<ObjectNode> visit) {
        if (node instanceof ObjectNode object) {
            visit.accept(object);
        }
        node.forEach(child -> walk(child, visit));
    }

    static ObjectMapper json() {
        return JSON;
    }
}
