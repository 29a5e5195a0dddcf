package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays recordings of api.notion.com against a sandbox and compares each answer's structure with Notion's.
 * <p>
 * The recording's ids are mapped onto sandbox objects: ids that Notion answered are learned from the sandbox's
 * answer at the same place; an id that a request names before any answer did is an object that already existed
 * in the recording's workspace, so the replay creates its like in the sandbox first (a page under the sandbox's
 * root, or the recording's workspace root itself; a database with the schema the recording shows for a data
 * source). Ids in a request Notion refused are sent as they are: they named nothing there either. Conditions the
 * request does not carry are reproduced: a 401 is replayed with a wrong token, a 429 as a burst against a
 * rate-limited sandbox.
 */
final class Replay {

    /**
     * Property types the sandbox cannot create: formula and rollup (it does not compute their values), button,
     * verification and place (Notion's API cannot create them either).
     */
    private static final Set<String> NOT_REBUILDABLE = Set.of("formula", "rollup", "button", "verification", "place");
    private static final Pattern PATH_ID = Pattern.compile("^/v1/(pages|blocks|databases|data_sources)/([^/?]+)(/children)?");
    private static final String WRONG_TOKEN = "ntn_not_the_integrations_token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One interaction's verdict: not replayable (with the reason), or the differences found (none: it matches). */
    record Outcome(Recordings.Interaction interaction, String notReplayable, List<String> differences) {
        boolean replayed() {
            return notReplayable == null;
        }

        boolean matches() {
            return replayed() && differences.isEmpty();
        }
    }

    /** An HTTP answer of the sandbox. */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
    }

    private static final class NotReplayable extends Exception {
        NotReplayable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The sandbox refused to create what the recording's workspace held: a difference of the sandbox. */
    private static final class FixtureRefused extends RuntimeException {
        FixtureRefused(String message) {
            super(message, null, false, false);
        }
    }

    private final SandboxServer rateLimited;
    private final Structure.KeyIndex index;
    /** Pages the recordings show at the top of their workspace: replayed as the sandbox's root page. */
    private final Set<String> workspaceRoots = new HashSet<>();

    /** Replays each recording against a sandbox of its own; {@code rateLimited} answers the bursts that meet a 429. */
    Replay(SandboxServer rateLimited, List<Recordings.Recording> recordings) {
        this.rateLimited = rateLimited;
        this.index = Structure.KeyIndex.of(recordings);
        recordings.forEach(recording -> recording.interactions().forEach(i -> collectRoots(i.responseBody())));
    }

    /** Replays one recording against a fresh sandbox, as the recording was made in a workspace of its own. */
    List<Outcome> run(Recordings.Recording recording) {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0))) {
            return run(recording, sandbox);
        }
    }

    private List<Outcome> run(Recordings.Recording recording, SandboxServer sandbox) {
        IdMap ids = new IdMap();
        Fixtures fixtures = new Fixtures(recording, ids, sandbox);
        List<Outcome> outcomes = new ArrayList<>();
        for (Recordings.Interaction interaction : recording.interactions()) {
            try {
                String uri = fixtures.prepare(interaction);
                Answer answer = send(sandbox, interaction, ids.apply(uri), ids.apply(interaction.requestBody()));
                outcomes.add(new Outcome(interaction, null, compare(recording, interaction, ids, answer)));
            } catch (NotReplayable e) {
                outcomes.add(new Outcome(interaction, e.getMessage(), List.of()));
            } catch (FixtureRefused e) {
                outcomes.add(new Outcome(interaction, null, List.of(e.getMessage())));
            }
        }
        return outcomes;
    }

    private List<String> compare(Recordings.Recording recording, Recordings.Interaction interaction, IdMap ids, Answer answer) {
        List<String> differences = new ArrayList<>();
        if (interaction.status() != answer.status()) {
            differences.add("status: recorded " + interaction.status() + ", sandbox " + answer.status());
        }
        interaction.headers().forEach((name, value) -> {
            String actual = answer.headers().get(name);
            if (actual == null) {
                differences.add("header " + name + ": missing");
            } else if (name.equals("content-type") && !actual.startsWith(value.split(";")[0])) {
                differences.add("header content-type: recorded " + value + ", sandbox " + actual);
            }
        });
        boolean search = interaction.uri().startsWith("/v1/search");
        differences.addAll(new Structure(index, ids, String.valueOf(interaction.version()))
                .compare(interaction.responseBody(), answer.body(), search, recording.partial()));
        return differences;
    }

    private Answer send(SandboxServer sandbox, Recordings.Interaction interaction, String uri, JsonNode body) {
        String token = interaction.status() == 401 ? WRONG_TOKEN : sandbox.token();
        if (interaction.status() != 429) {
            return call(sandbox, interaction.method(), uri, body, token, interaction.version());
        }
        Answer answer = null;
        for (int i = 0; i < 20 && (answer == null || answer.status() != 429); i++) {
            answer = call(rateLimited, interaction.method(), uri, body, token, interaction.version());
        }
        return answer;
    }

    static Answer call(SandboxServer server, String method, String uri, JsonNode body, String token, String version) {
        boolean hasBody = body != null && !body.isNull() && !body.isMissingNode();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + uri))
                .method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body.toString()) : HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token);
        if (version != null) {
            request.header("Notion-Version", version);
        }
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            JsonNode json = response.body().isBlank() ? NullNode.getInstance() : NotionContract.json().readTree(response.body());
            return new Answer(response.statusCode(), headers, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void collectRoots(JsonNode node) {
        if (node.isObject() && node.path("object").asText().equals("page") && node.path("parent").path("type").asText().equals("workspace")) {
            workspaceRoots.add(IdMap.key(node.path("id").asText()));
        }
        node.forEach(this::collectRoots);
    }

    /** What the recording's workspace held before the recording began, rebuilt in the sandbox as the replay meets it. */
    private final class Fixtures {
        private final Recordings.Recording recording;
        private final IdMap ids;
        private final SandboxServer sandbox;
        /** Ids the recording's answers named so far: objects of the recording, not of its workspace before it. */
        private final Set<String> answered = new HashSet<>();
        private String page;
        private String relationTarget;

        Fixtures(Recordings.Recording recording, IdMap ids, SandboxServer sandbox) {
            this.recording = recording;
            this.ids = ids;
            this.sandbox = sandbox;
        }

        /** Creates what the interaction's request names but the sandbox lacks; answers its uri with placeholders filled. */
        String prepare(Recordings.Interaction interaction) throws NotReplayable {
            String uri = interaction.uri().replace("{page}", fixturePage());
            if (interaction.status() >= 400) {
                IdMap.idsIn(interaction.responseBody().toString()).forEach(id -> answered.add(IdMap.key(id)));
                return uri;
            }
            Matcher path = PATH_ID.matcher(uri);
            if (path.find() && IdMap.isId(path.group(2))) {
                String kind = path.group(1);
                ensure(path.group(2), kind.equals("pages") || path.group(3) != null ? "page_id"
                        : kind.equals("data_sources") ? "data_source_id" : "");
            }
            JsonNode parent = interaction.requestBody().path("parent");
            for (String kind : List.of("page_id", "data_source_id")) {
                if (parent.path(kind).isTextual()) {
                    ensure(parent.get(kind).asText(), kind);
                }
            }
            if (interaction.uri().startsWith("/v1/search")) {
                searchedObjects(interaction);
            }
            IdMap.idsIn(interaction.responseBody().toString()).forEach(id -> answered.add(IdMap.key(id)));
            return uri;
        }

        private void ensure(String recordedId, String kind) throws NotReplayable {
            if (ids.knows(recordedId) || answered.contains(IdMap.key(recordedId))) {
                return;
            }
            if (kind.equals("page_id")) {
                ids.learn(recordedId, workspaceRoots.contains(IdMap.key(recordedId)) ? sandbox.rootPageId() : fixturePage());
            } else if (kind.equals("data_source_id")) {
                ObjectNode schema = schemaFromRows(recordedId);
                JsonNode database = createDatabase("Data source of " + recording.name(), schema, NotionContract.json().createObjectNode());
                ids.learn(recordedId, database.path("data_sources").path(0).path("id").asText());
            }
        }

        /** The objects a recorded search found by title; each is created like the recording's where the recording shows how. */
        private void searchedObjects(Recordings.Interaction interaction) throws NotReplayable {
            String query = interaction.requestBody().path("query").asText("").toLowerCase(Locale.ROOT);
            for (JsonNode result : interaction.responseBody().path("results")) {
                String id = result.path("id").asText();
                String title = titleOf(result);
                if (ids.knows(id) || !title.toLowerCase(Locale.ROOT).contains(query)) {
                    continue;
                }
                if (result.path("object").asText().equals("data_source")) {
                    JsonNode database = createDatabase(title, schemaOf(result), result);
                    ids.learn(id, database.path("data_sources").path(0).path("id").asText());
                } else if (workspaceRoots.contains(IdMap.key(id))) {
                    ids.learn(id, sandbox.rootPageId());
                } else {
                    ids.learn(id, createPage(title));
                }
            }
        }

        private String fixturePage() {
            if (page == null) {
                page = createPage("Replay of " + recording.name());
            }
            return page;
        }

        /** The schema of a data source as its recorded rows show it: names, types and the select options used. */
        private ObjectNode schemaFromRows(String dataSourceId) throws NotReplayable {
            ObjectNode schema = NotionContract.json().createObjectNode();
            List<JsonNode> rows = new ArrayList<>();
            recording.interactions().forEach(i -> collectRows(i.responseBody(), IdMap.key(dataSourceId), rows));
            for (JsonNode row : rows) {
                for (Map.Entry<String, JsonNode> property : row.path("properties").properties()) {
                    String type = property.getValue().path("type").asText();
                    ObjectNode config = ((ObjectNode) schema.putObject(property.getKey())).putObject(type);
                    JsonNode value = property.getValue().path(type);
                    if (type.equals("select") || type.equals("multi_select")) {
                        var options = config.putArray("options");
                        (value.isArray() ? value : List.of(value)).forEach(option -> {
                            if (option.isObject()) {
                                options.addObject().put("name", option.path("name").asText()).put("color", option.path("color").asText());
                            }
                        });
                    }
                }
            }
            if (rows.isEmpty()) {
                throw new NotReplayable("the recording shows nothing of data source " + dataSourceId + ", so it cannot be rebuilt");
            }
            return checked(schema, dataSourceId);
        }

        /** The request form of a recorded data source's schema. */
        private ObjectNode schemaOf(JsonNode dataSource) throws NotReplayable {
            ObjectNode schema = NotionContract.json().createObjectNode();
            for (Map.Entry<String, JsonNode> property : dataSource.path("properties").properties()) {
                String type = property.getValue().path("type").asText();
                ObjectNode out = schema.putObject(property.getKey());
                out.set(type, property.getValue().path(type).deepCopy());
                if (property.getValue().path("description").isTextual()) {
                    out.set("description", property.getValue().get("description"));
                }
                if (out.path(type).has("options")) {
                    out.path(type).path("options").forEach(option -> ((ObjectNode) option).retain("name", "color", "description"));
                }
            }
            return checked(schema, dataSource.path("id").asText());
        }

        private ObjectNode checked(ObjectNode schema, String dataSourceId) throws NotReplayable {
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, JsonNode> property : schema.properties()) {
                String type = Structure.names(property.getValue()).stream().filter(n -> !n.equals("description")).findFirst().orElse("");
                if (NOT_REBUILDABLE.contains(type)) {
                    missing.add(type);
                } else if (type.equals("relation")) {
                    ((ObjectNode) property.getValue()).putObject("relation").put("data_source_id", relationTarget())
                            .put("type", "single_property").putObject("single_property");
                }
            }
            if (!missing.isEmpty()) {
                throw new NotReplayable("data source " + dataSourceId + " has " + new java.util.TreeSet<>(missing)
                        + " properties, which the sandbox cannot create, so it cannot be rebuilt");
            }
            return schema;
        }

        private String relationTarget() {
            if (relationTarget == null) {
                ObjectNode schema = NotionContract.json().createObjectNode();
                schema.putObject("Name").putObject("title");
                relationTarget = createDatabase("Relation target", schema, NotionContract.json().createObjectNode())
                        .path("data_sources").path(0).path("id").asText();
            }
            return relationTarget;
        }

        /** A database with one data source of the schema, and the icon and description the recorded object shows. */
        private JsonNode createDatabase(String title, ObjectNode schema, JsonNode recorded) {
            ObjectNode body = NotionContract.json().createObjectNode();
            body.putObject("parent").put("type", "page_id").put("page_id", fixturePage());
            body.putArray("title").addObject().putObject("text").put("content", title);
            for (String look : List.of("icon", "description")) {
                if (recorded.hasNonNull(look)) {
                    body.set(look, recorded.get(look));
                }
            }
            body.putObject("initial_data_source").set("properties", schema);
            return created(call(sandbox, "POST", "/v1/databases", body, sandbox.token(), "2025-09-03"), "database " + title);
        }

        private String createPage(String title) {
            ObjectNode body = NotionContract.json().createObjectNode();
            body.putObject("parent").put("page_id", sandbox.rootPageId());
            body.putObject("properties").putObject("title").putArray("title").addObject().putObject("text").put("content", title);
            return created(call(sandbox, "POST", "/v1/pages", body, sandbox.token(), "2025-09-03"), "page " + title).path("id").asText();
        }

        private JsonNode created(Answer answer, String what) {
            if (answer.status() != 200) {
                throw new FixtureRefused("the sandbox refused to create the replay's " + what + ": " + answer.body());
            }
            return answer.body();
        }

        private static void collectRows(JsonNode node, String dataSourceKey, List<JsonNode> rows) {
            if (node.isObject() && node.path("object").asText().equals("page")
                    && IdMap.key(node.path("parent").path("data_source_id").asText()).equals(dataSourceKey)) {
                rows.add(node);
            }
            node.forEach(child -> collectRows(child, dataSourceKey, rows));
        }

        private static String titleOf(JsonNode object) {
            JsonNode title = object.path("title");
            if (!title.isArray()) {
                for (JsonNode property : object.path("properties")) {
                    if (property.path("type").asText().equals("title")) {
                        title = property.path("title");
                    }
                }
            }
            StringBuilder text = new StringBuilder();
            title.forEach(item -> text.append(item.path("plain_text").asText()));
            return text.toString();
        }
    }
}
