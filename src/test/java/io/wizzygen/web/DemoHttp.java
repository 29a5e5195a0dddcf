package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.cli.Demo;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo (app + sandbox + demo engine) driven over plain HTTP, as a browser would without running scripts:
 * redirects are not followed, POSTs carry the app's Origin unless told otherwise, and the HTML answers are read
 * with a few small helpers (the text a person reads, an input's value, the selected option).
 */
final class DemoHttp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONNECTION_LOCATION = Pattern.compile("^/connections/([0-9a-f-]{36})$");

    final Demo demo;
    /** A client of the sandbox sharing the app's per-token rate limiter (3/s), so the two never trip the sandbox's own limit. */
    final NotionClient notion;
    private final HttpClient http;

    private DemoHttp(Demo demo) {
        this.demo = demo;
        this.notion = NotionClient.builder().baseUrl(demo.sandbox().baseUrl()).token(demo.sandbox().token()).build();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static DemoHttp start() {
        return new DemoHttp(Demo.start(0, io.wizzygen.setup.Environment.of(Map.of())));
    }

    @Override
    public void close() {
        demo.close();
    }

    String origin() {
        return demo.app().url();
    }

    /** The link of the seeded page or database with this exact title. */
    String linkOf(String title) {
        return source(title).url();
    }

    /** The search hit (a page, or a database's data source) with this exact title. */
    SearchResult source(String title) {
        return notion.search(title, Optional.empty()).filter(r -> r.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("the sandbox has no \"" + title + "\""));
    }

    // ---------------------------------------------------------------- HTTP

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A run's server-sent events, asked for as a browser's EventSource does. */
    HttpResponse<String> events(String runId) {
        return get("/runs/" + runId + "/events", "Accept", "text/event-stream");
    }

    /** A form POST from the app's own pages (Origin is the app's). */
    HttpResponse<String> post(String path, Map<String, String> form) {
        return postWith(path, form, "Origin", origin());
    }

    /** What htmx sends from the app's own pages. */
    HttpResponse<String> postHtmx(String path, Map<String, String> form) {
        return postWith(path, form, "Origin", origin(), "HX-Request", "true");
    }

    /** A form POST with exactly these headers (no Origin unless given). */
    HttpResponse<String> postWith(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- the app's flows

    /** Create → Next with one's own link; answers the new connection's id (and checks it was mirrored to Notion). */
    String createConnection(String name, String type, String url) {
        HttpResponse<String> created = post("/create", form("name", name, "type", type, "template", "own", "url", url));
        assertThat(created.statusCode()).as(text(created.body())).isEqualTo(303);
        String location = created.headers().firstValue("Location").orElseThrow();
        Matcher id = CONNECTION_LOCATION.matcher(location);
        assertThat(id.matches()).as("saved here and in the Connections database: " + location).isTrue();
        return id.group(1);
    }

    /** The run id of Generate's redirect. */
    static String runIdOf(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(text(redirect.body())).isEqualTo(303);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("?run=");
        return location.substring(location.indexOf("?run=") + 5);
    }

    /** Polls the run's JSON snapshot until it is finished; answers it. */
    JsonNode awaitRun(String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode snapshot = JSON.readTree(get("/runs/" + run).body());
            if (snapshot.path("finished").asBoolean()) {
                return snapshot;
            }
            assertThat(System.nanoTime()).as("run " + run + " finished in time: " + snapshot).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The data of each event named {@code name} in an SSE stream, parsed as JSON. */
    static List<JsonNode> sseEvents(String stream, String name) {
        List<JsonNode> found = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            String eventName = null;
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("event:")) {
                    eventName = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (name.equals(eventName)) {
                try {
                    found.add(JSON.readTree(data.toString()));
                } catch (IOException e) {
                    throw new AssertionError("event " + name + " does not carry JSON: " + data, e);
                }
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- forms and HTML

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String randomHex() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The page's text as a person reads it: tags dropped, entities decoded, white space collapsed. */
    static String text(String html) {
        return unescape(html.replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ");
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** The value attribute of the input named {@code name}, decoded ("" when it has none). */
    static String inputValue(String html, String name) {
        Matcher input = Pattern.compile("<input[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(html);
        assertThat(input.find()).as("an input named " + name).isTrue();
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(input.group());
        return value.find() ? unescape(value.group(1)) : "";
    }

    static String textarea(String html, String name) {
        Matcher area = Pattern.compile("(?s)<textarea[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</textarea>").matcher(html);
        assertThat(area.find()).as("a textarea named " + name).isTrue();
        return unescape(area.group(1));
    }

    /** The value of the selected option of the select named {@code name}. */
    static String selectedOption(String html, String name) {
        Matcher select = Pattern.compile("(?s)<select[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</select>").matcher(html);
        assertThat(select.find()).as("a select named " + name).isTrue();
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\" selected[ >]").matcher(select.group(1));
        assertThat(option.find()).as("a selected option in " + name).isTrue();
        return unescape(option.group(1));
    }

    /** One parameter of a raw query string, decoded (null when absent). */
    static String queryParam(String rawQuery, String name) {
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
