package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real api.notion.com traffic recorded by public Notion clients (../shared/notion/recorded, see its README):
 * each file one recording, a sequence of request / response pairs in the order they were made.
 */
public final class Recordings {

    private static volatile List<Recording> all;

    private Recordings() {
    }

    /**
     * One recorded file. {@code partial}: the source quoted only some fields of the answer (status, code,
     * message), so only those can be compared.
     */
    public record Recording(String name, boolean partial, List<Interaction> interactions) {
    }

    /** One request and Notion's answer; {@code uri} is the path and query ("/v1/pages/…"), {@code version} may be null. */
    public record Interaction(String recording, int index, String method, String uri, String version, JsonNode requestBody,
                              int status, Map<String, String> headers, JsonNode responseBody) {

        public String describe() {
            return recording + "#" + index + " " + method + " " + uri + " → " + status;
        }
    }

    /** Every recording under ../shared/notion/recorded, sorted by name ("notion-sdk-py/test_users_me.json"). */
    public static List<Recording> all() {
        if (all == null) {
            synchronized (Recordings.class) {
                if (all == null) {
                    all = load(SharedNotion.folder("recorded"));
                }
            }
        }
        return all;
    }

    /** Every recorded interaction, recording by recording. */
    public static Stream<Interaction> interactions() {
        return all().stream().flatMap(recording -> recording.interactions().stream());
    }

    private static List<Recording> load(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Recording> recordings = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                recordings.add(read(folder.relativize(file).toString().replace('\\', '/'), NotionContract.json().readTree(file.toFile())));
            }
            return List.copyOf(recordings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Recording read(String name, JsonNode file) {
        List<Interaction> interactions = new ArrayList<>();
        for (JsonNode pair : file.path("interactions")) {
            JsonNode request = pair.path("request");
            JsonNode response = pair.path("response");
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue().asText()));
            interactions.add(new Interaction(name, pair.path("index").asInt(interactions.size()), request.path("method").asText(),
                    request.path("uri").asText().replaceFirst("^https://api\\.notion\\.com", ""),
                    request.path("notion_version").isTextual() ? request.path("notion_version").asText() : null,
                    request.hasNonNull("body") ? request.get("body") : NullNode.getInstance(),
                    response.path("status").asInt(), headers,
                    response.hasNonNull("body") ? response.get("body") : NullNode.getInstance()));
        }
        return new Recording(name, file.path("source").path("partial").asBoolean(false), List.copyOf(interactions));
    }
}
