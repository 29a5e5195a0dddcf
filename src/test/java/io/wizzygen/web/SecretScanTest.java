package io.wizzygen.web;

import io.wizzygen.testing.ServerProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole walkthrough on a team server (run as its own process, as a user would) with known secrets — the
 * Notion secret, an AI key (first a wrong one), the password and the master key — then every page, fragment,
 * JSON and event stream the app sent, and everything it logged, is searched for them: none may appear.
 */
class SecretScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern RUN = Pattern.compile("[?&]run=([0-9a-f-]+)");

    private final String notionSecret = "ntn_" + UUID.randomUUID().toString().replace("-", "") + "NotionSecret";
    private final String aiKey = "sk-proj-" + UUID.randomUUID().toString().replace("-", "") + "AiKey";
    private final String wrongAiKey = "sk-proj-" + UUID.randomUUID().toString().replace("-", "") + "WrongKey";
    private final String password = "horse battery " + UUID.randomUUID();
    private final String masterKey = "master-" + UUID.randomUUID();

    private final List<String> seen = new ArrayList<>();
    private HttpClient http;
    private String app;
    private String csrf = "";

    @Test
    void noSecretAppearsInAnyPageResponseOrLogLine(@TempDir Path folder) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(new SandboxOptions(0, notionSecret, null, 0, 0, 0, "127.0.0.1"));
             FakeOpenAi ai = new FakeOpenAi(aiKey)) {
            NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(notionSecret).rateLimit(0, 1).build();
            String connectionsDb = find(notion, "Connections");
            String root = find(notion, "Wizzygen Sandbox");
            Path log = folder.resolve("server.log");
            Map<String, String> env = Map.of("WIZZYGEN_MASTER_KEY", masterKey, "NOTION_API_BASE_URL", sandbox.baseUrl(),
                    "XDG_CONFIG_HOME", folder.resolve("config").toString());
            // The members' AI server runs on this machine, so the operator allows it.
            try (ServerProcess server = ServerProcess.start(log, env, List.of(), "--mode", "team", "--data", folder.resolve("data").toString(),
                    "--allow-ai-host", URI.create(ai.baseUrl()).getAuthority())) {
                app = "http://127.0.0.1:" + server.port();
                http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
                walkThrough(connectionsDb, root, ai.baseUrl());
            }
            String logged = Files.readString(log);
            assertThat(logged).as("the server's log").contains("Wizzygen is running");
            assertThat(seen).as("pages and responses read").hasSizeGreaterThan(25);
            for (String secret : List.of(notionSecret, aiKey, wrongAiKey, password, masterKey)) {
                assertThat(logged).as("the server's log").doesNotContain(secret);
                for (String response : seen) {
                    assertThat(response).as("a response").doesNotContain(secret);
                }
            }
            assertThat(ai.authorizations).as("the AI server got the key").contains("Bearer " + aiKey);
        }
    }

    private void walkThrough(String connectionsDb, String root, String aiBaseUrl) throws Exception {
        get("/signup");
        post("/signup", Map.of("email", "ada@example.com", "password", password, "confirm", password));
        post("/signup", Map.of("email", "ada@example.com", "password", password, "confirm", password)); // taken: an error page
        get("/");
        get("/settings");
        post("/settings/test/notion", Map.of("notionSecret", "ntn_wrong" + notionSecret.substring(9)));
        post("/settings/test/ai", Map.of("engine", "openai-compatible", "baseUrl", aiBaseUrl, "apiKey", wrongAiKey));
        post("/settings", Map.of("connectionsDatabase", connectionsDb, "engine", "openai-compatible", "baseUrl", aiBaseUrl,
                "apiKey", wrongAiKey, "model", "", "notionSecret", notionSecret));
        post("/settings", Map.of("connectionsDatabase", connectionsDb, "engine", "openai-compatible", "baseUrl", aiBaseUrl,
                "apiKey", aiKey, "model", "fake-model", "notionSecret", ""));
        assertThat(get("/settings").body()).as("the saved key, masked").contains("••••iKey");
        post("/settings/test/notion", Map.of());
        post("/settings/test/ai", Map.of());
        get("/settings/models");
        get("/");
        get("/create");
        get("/create/check?url=" + enc("https://example.com/not-notion"));
        HttpResponse<String> page = post("/create", Map.of("name", "Secret page", "type", "Notion Page", "template", "sample", "parentPage", root));
        String pagePath = URI.create(page.headers().firstValue("Location").orElseThrow()).getPath();
        get(pagePath);
        HttpResponse<String> pageRun = post(pagePath + "/generate", Map.of("prompt", "Write three lines about keys", "mode", "append"));
        assertThat(followRun(pageRun).toString()).as("the page run").contains("\"ok\":true");
        HttpResponse<String> database = post("/create", Map.of("name", "Secret rows", "type", "Notion Database", "template", "sample", "parentPage", root));
        String databasePath = URI.create(database.headers().firstValue("Location").orElseThrow()).getPath();
        String grid = get(databasePath).body();
        Matcher row = Pattern.compile("/rows/([0-9a-f-]{32,36})\"").matcher(grid);
        assertThat(row.find()).as("the grid lists rows").isTrue();
        post(databasePath + "/rows/" + row.group(1), Map.of("field", "tick", "ticked", "on"));
        post(databasePath + "/rows", Map.of("title", "Keys and locks"));
        post(databasePath + "/preview", Map.of("prompt", "Explain {{Topic}}", "output", "Content"));
        assertThat(followRun(post(databasePath + "/generate", Map.of("prompt", "Explain {{Topic}}", "output", "Content"))).toString())
                .as("the database run").contains("\"ok\":true", "A lock needs its key.");
        get(databasePath);
        get("/connections");
        get("/connections?q=secret&sort=name&dir=desc");
        get("/connections/" + UUID.randomUUID());
        get("/upgrade");
        post("/upgrade/code", Map.of("code", "WZ-NOT-A-CODE"));
        get("/feedback");
        post("/feedback", Map.of("message", "Works well", "rating", "5"));
        get("/feedback?q=works");
        get("/account");
        post("/account/password", Map.of("current", "wrong " + password, "next", "x", "confirm", "y"));
        get("/settings/clear");
        get("/no-such-page");
        post("/signout", Map.of());
        get("/signin");
        post("/signin", Map.of("email", "ada@example.com", "password", "wrong " + password));
        post("/signin", Map.of("email", "ada@example.com", "password", password, "next", "/settings"));
        get("/settings");
    }

    private JsonNode followRun(HttpResponse<String> started) throws Exception {
        Matcher run = RUN.matcher(started.headers().firstValue("Location").orElse(""));
        assertThat(run.find()).as("a run started: " + started.body()).isTrue();
        String runPath = "/runs/" + run.group(1);
        JsonNode state = JSON.readTree(get(runPath).body());
        for (int i = 0; i < 200 && !state.path("finished").asBoolean(); i++) {
            Thread.sleep(100);
            state = JSON.readTree(get(runPath).body());
        }
        get(runPath + "/events");
        get(URI.create(started.headers().firstValue("Location").orElseThrow()).getPath() + "?run=" + run.group(1));
        return state;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return remember(http.send(HttpRequest.newBuilder(URI.create(app + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return remember(http.send(HttpRequest.newBuilder(URI.create(app + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", app)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        seen.add(response.headers().map().toString() + "\n" + response.body());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    private static String find(NotionClient notion, String title) {
        return notion.search(title, Optional.empty()).filter(result -> result.title().equals(title)).map(SearchResult::url).findFirst().orElseThrow();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An OpenAI-compatible server that accepts one key and, like a careless provider, echoes a wrong key in its error. */
    static final class FakeOpenAi implements AutoCloseable {
        final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final HttpServer server;

        FakeOpenAi(String key) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                authorizations.add(authorization);
                String path = exchange.getRequestURI().getPath();
                int status = 200;
                String type = "application/json";
                String body;
                if (!authorization.equals("Bearer " + key)) {
                    status = 401;
                    body = "{\"error\":{\"message\":\"Incorrect API key provided: " + authorization.replace("Bearer ", "")
                            + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
                } else if (path.endsWith("/models")) {
                    body = "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}";
                } else if (JSON.readTree(raw).path("stream").asBoolean()) {
                    type = "text/event-stream";
                    body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"# Keys\\n\\nKeep them safe.\"}}]}\n\n"
                            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6,\"total_tokens\":11}}\n\n"
                            + "data: [DONE]\n\n";
                } else {
                    body = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"A lock needs its key.\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6,\"total_tokens\":11}}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
