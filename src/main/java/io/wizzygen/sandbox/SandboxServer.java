package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Notion-compatible HTTP server: {@code /v1/...} for API clients and a read-only viewer at {@code /}.
 * Every API request passes one gate — request id, latency, token, version, rate limit, injected faults —
 * before its endpoint runs on the workspace.
 */
public final class SandboxServer implements AutoCloseable {

    static final Set<String> VERSIONS = Set.of("2022-06-28", "2025-09-03", "2026-03-11");
    private static final List<Integer> FAULT_STATUSES = List.of(429, 500, 502, 503, 504);
    private static final String REQUEST_ID = "notion-request-id";

    private final SandboxOptions options;
    private final Workspace workspace;
    private final TokenBuckets buckets;
    private final String webhookToken;
    private Webhooks webhooks;
    private Javalin app;
    private NotionApi api;
    private DatabaseApi databases;
    private BlockApi blocks;
    private Viewer viewer;

    private SandboxServer(SandboxOptions options) {
        this.options = options;
        this.workspace = Workspace.open(options.dataDir());
        this.buckets = new TokenBuckets(options.rateLimit());
        this.webhookToken = options.webhookToken() != null ? options.webhookToken() : Webhooks.newToken();
    }

    /** Starts a sandbox; a request to /v1/users/me with the token succeeds once this returns. */
    public static SandboxServer start(SandboxOptions options) {
        SandboxServer server = new SandboxServer(options);
        server.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.bindHost();
            config.jetty.port = options.port();
            server.routes(config.routes);
        }).start();
        Presenter presenter = new Presenter(server.workspace, server.baseUrl());
        PageEvents events = new PageEvents(server.workspace, server.subscribe());
        server.blocks = new BlockApi(server.workspace, presenter, events);
        server.api = new NotionApi(server.workspace, presenter, server.blocks, events);
        server.databases = new DatabaseApi(server.workspace, presenter);
        server.viewer = new Viewer(server.workspace, presenter);
        return server;
    }

    /** The webhook subscription of --webhook-url, verified first; no events without one. */
    private Events subscribe() {
        if (options.webhookUrl() == null) {
            return Events.NONE;
        }
        webhooks = new Webhooks(java.net.URI.create(options.webhookUrl()), webhookToken, workspace.rootId(), workspace.botId());
        webhooks.verify();
        return webhooks;
    }

    /** The verification token that signs webhook events (X-Notion-Signature), given or made at start. */
    public String webhookToken() {
        return webhookToken;
    }

    public int port() {
        return app.port();
    }

    /** Where the server answers, e.g. {@code http://localhost:7071}; clients add {@code /v1/...}. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public String token() {
        return options.token();
    }

    /** The id of the root page "Wizzygen Sandbox" (dashed). */
    public String rootPageId() {
        return workspace.rootId();
    }

    @Override
    public void close() {
        app.stop();
        if (webhooks != null) {
            webhooks.close();
        }
    }

    private void routes(io.javalin.config.RoutesConfig routes) {
        api(routes, HandlerType.GET, "/v1/users/me", false, (ctx, v) -> api.me());
        api(routes, HandlerType.GET, "/v1/users", false, (ctx, v) -> api.listUsers(queryParams(ctx)));
        api(routes, HandlerType.GET, "/v1/pages/{id}", false, (ctx, v) -> api.retrievePage(ctx.pathParam("id"), v));
        api(routes, HandlerType.POST, "/v1/pages", false, (ctx, v) -> api.createPage(body(ctx), v));
        api(routes, HandlerType.PATCH, "/v1/pages/{id}", false, (ctx, v) -> api.updatePage(ctx.pathParam("id"), body(ctx), v));
        api(routes, HandlerType.GET, "/v1/databases/{id}", false, (ctx, v) -> databases.retrieveDatabase(ctx.pathParam("id"), v));
        api(routes, HandlerType.POST, "/v1/databases", false, (ctx, v) -> databases.createDatabase(body(ctx), v));
        api(routes, HandlerType.POST, "/v1/data_sources", true, (ctx, v) -> databases.createDataSource(body(ctx), v));
        api(routes, HandlerType.GET, "/v1/data_sources/{id}", true, (ctx, v) -> databases.retrieveDataSource(ctx.pathParam("id"), v));
        api(routes, HandlerType.PATCH, "/v1/data_sources/{id}", true, (ctx, v) -> databases.updateDataSource(ctx.pathParam("id"), body(ctx), v));
        api(routes, HandlerType.POST, "/v1/data_sources/{id}/query", true, (ctx, v) -> databases.queryDataSource(ctx.pathParam("id"), body(ctx), v));
        api(routes, HandlerType.GET, "/v1/blocks/{id}", false, (ctx, v) -> blocks.retrieveBlock(ctx.pathParam("id"), v));
        api(routes, HandlerType.PATCH, "/v1/blocks/{id}", false, (ctx, v) -> blocks.updateBlock(ctx.pathParam("id"), body(ctx), v));
        api(routes, HandlerType.DELETE, "/v1/blocks/{id}", false, (ctx, v) -> blocks.deleteBlock(ctx.pathParam("id"), v));
        api(routes, HandlerType.GET, "/v1/blocks/{id}/children", false, (ctx, v) -> blocks.listChildren(ctx.pathParam("id"), queryParams(ctx), v));
        api(routes, HandlerType.PATCH, "/v1/blocks/{id}/children", false, (ctx, v) -> blocks.appendChildren(ctx.pathParam("id"), body(ctx), v));
        api(routes, HandlerType.POST, "/v1/search", false, (ctx, v) -> api.search(body(ctx), v));
        routes.addHttpHandler(HandlerType.GET, "/", ctx -> ctx.html(render(viewer::home)));
        routes.addHttpHandler(HandlerType.GET, "/{ref}", ctx -> {
            String html;
            synchronized (workspace) {
                html = viewer.render(ctx.pathParam("ref")).orElse(null);
            }
            if (html == null) {
                ctx.status(404).html("<!doctype html><title>Not found</title><p>Nothing in the sandbox has that id. <a href=\"/\">Home</a></p>");
            } else {
                ctx.html(html);
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (ctx.path().startsWith("/v1/")) {
                error(ctx, e instanceof ApiError apiError ? apiError
                        : new ApiError(500, "internal_server_error", "Unexpected error occurred."));
            } else {
                ctx.status(500).result("The sandbox viewer failed: " + e.getClass().getSimpleName());
            }
        });
        routes.error(404, "*", ctx -> {
            String type = ctx.res().getContentType();
            if (ctx.path().startsWith("/v1/") && (type == null || !type.startsWith("application/json"))) {
                requestId(ctx);
                error(ctx, ApiError.invalidUrl());
            }
        });
    }

    private String render(java.util.function.Supplier<String> page) {
        synchronized (workspace) {
            return page.get();
        }
    }

    @FunctionalInterface
    private interface Endpoint {
        JsonNode handle(Context ctx, String version) throws IOException;
    }

    private void api(io.javalin.config.RoutesConfig routes, HandlerType method, String path, boolean dataSourcePath, Endpoint endpoint) {
        routes.addHttpHandler(method, path, ctx -> {
            String requestId = requestId(ctx);
            if (options.latencyMs() > 0) {
                Thread.sleep(options.latencyMs());
            }
            String version = gate(ctx, dataSourcePath);
            int fault = pickFault();
            if (fault == 429 || (fault > 0 && ThreadLocalRandom.current().nextBoolean())) {
                throw faultError(fault);
            }
            JsonNode answer;
            synchronized (workspace) {
                answer = endpoint.handle(ctx, version);
                if (method != HandlerType.GET && !(method == HandlerType.POST && (path.endsWith("/query") || path.endsWith("/search")))) {
                    workspace.save();
                }
            }
            if (fault > 0) {
                // Applied, then answered as a failing gateway would: the client cannot tell it landed.
                throw faultError(fault);
            }
            if (answer instanceof ObjectNode object) {
                object.put("request_id", requestId);
            }
            ctx.status(200).contentType("application/json; charset=utf-8").result(answer.toString());
        });
    }

    /** Every answer, success or error, carries its request id in the x-notion-request-id header and the body. */
    private static String requestId(Context ctx) {
        String requestId = UUID.randomUUID().toString();
        ctx.header("x-notion-request-id", requestId);
        ctx.attribute(REQUEST_ID, requestId);
        return requestId;
    }

    /** Checks token, version and rate; answers the version. */
    private String gate(Context ctx, boolean dataSourcePath) {
        String authorization = ctx.header("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
        if (token == null || !token.equals(options.token())) {
            throw new ApiError(401, "unauthorized", "API token is invalid.");
        }
        String version = ctx.header("Notion-Version");
        if (version == null || version.isBlank()) {
            throw new ApiError(400, "missing_version",
                    "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
        }
        if (!VERSIONS.contains(version)) {
            throw new ApiError(400, "validation_error", "Notion-Version header failed validation: Notion-Version header should be one of "
                    + VERSIONS + ", instead was `" + version + "`.");
        }
        if (dataSourcePath && version.equals("2022-06-28")) {
            throw ApiError.invalidUrl();
        }
        OptionalLong wait = buckets.take(token);
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(wait.getAsLong()));
            throw new ApiError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
        }
        return version;
    }

    private int pickFault() {
        if (options.faultRate() <= 0 || ThreadLocalRandom.current().nextDouble() >= options.faultRate()) {
            return 0;
        }
        return FAULT_STATUSES.get(ThreadLocalRandom.current().nextInt(FAULT_STATUSES.size()));
    }

    private ApiError faultError(int status) {
        return switch (status) {
            case 429 -> new ApiError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
            case 500 -> new ApiError(500, "internal_server_error", "Unexpected error occurred.");
            case 502 -> new ApiError(502, "bad_gateway", "Bad Gateway");
            case 503 -> new ApiError(503, "service_unavailable", "Notion is unavailable, please try again later.");
            default -> new ApiError(504, "gateway_timeout", "Gateway Timeout");
        };
    }

    /**
     * An error in Notion's form. Notion's documents name no request_id field, but every recorded answer of
     * api.notion.com carries one; a 404 also names the integration that could not see the object.
     */
    private void error(Context ctx, ApiError error) {
        if (error.status == 429 && ctx.res().getHeader("Retry-After") == null) {
            ctx.header("Retry-After", "1");
        }
        ObjectNode body = Json.object().put("object", "error").put("status", error.status).put("code", error.code)
                .put("message", error.getMessage());
        if (error.status == 404) {
            body.putObject("additional_data").put("integration_id", workspace.botId());
        }
        String requestId = ctx.attribute(REQUEST_ID);
        body.put("request_id", requestId != null ? requestId : requestId(ctx));
        ctx.status(error.status).contentType("application/json; charset=utf-8").result(body.toString());
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode body = Json.MAPPER.readTree(text);
            return body == null || body instanceof NullNode ? Json.object() : body;
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "Error parsing JSON body.");
        }
    }

    private static Map<String, String> queryParams(Context ctx) {
        Map<String, String> params = new java.util.HashMap<>();
        ctx.queryParamMap().forEach((key, values) -> params.put(key, values.isEmpty() ? "" : values.get(0)));
        return params;
    }

}
