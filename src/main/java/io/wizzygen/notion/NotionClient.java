package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Wizzygen's Notion client: one small method per endpoint, typed values in and out. Limits, the per-token
 * rate limit and retries are handled here, so callers never split text or catch a 429.
 */
public final class NotionClient {

    public static final String DEFAULT_BASE_URL = "https://api.notion.com";
    public static final String DEFAULT_VERSION = "2026-03-11";
    public static final Set<String> SUPPORTED_VERSIONS = Set.of("2025-09-03", "2026-03-11");

    private final NotionHttp http;
    private final BlockWriter blocks;

    private NotionClient(NotionHttp http) {
        this.http = http;
        this.blocks = new BlockWriter(http, id -> listBlockChildren(id).toList());
    }

    /**
     * One HTTP client for every Notion client of the process: clients are made per request and per run, and sharing
     * keeps Notion's connections open between them instead of a new connection (and a selector thread) each time.
     */
    private static final HttpClient SHARED_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static Builder builder() {
        return new Builder();
    }

    /** The Notion-Version this client sends. */
    public String notionVersion() {
        return http.notionVersion();
    }

    /** The bot user of the token: the cheapest call that proves a secret works. */
    public Bot me() {
        JsonNode user = get("/v1/users/me");
        return new Bot(NotionId.ofHex(user.path("id").asText()), user.path("name").asText(""),
                user.path("bot").path("workspace_name").asText(""));
    }

    public Page retrievePage(NotionId pageId) {
        return Page.fromJson(get("/v1/pages/" + pageId));
    }

    /** Creates a row in a data source. Not repeated after an ambiguous failure (it could create the row twice). */
    public Page createPage(NotionId dataSourceId, Map<String, PropertyValue> properties) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        body.putObject("parent").put("type", "data_source_id").put("data_source_id", dataSourceId.value());
        body.set("properties", propertiesJson(properties));
        return Page.fromJson(http.send(new NotionHttp.Call("POST", "/v1/pages", body, false)));
    }

    /**
     * Creates a sub-page of a page, with a title. After an ambiguous failure the parent's last child is
     * checked first, so the page is not created twice.
     */
    public Page createChildPage(NotionId parentPageId, String title) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        body.putObject("parent").put("type", "page_id").put("page_id", parentPageId.value());
        body.putObject("properties").set("title", new PropertyValue.Title(title).toJson());
        return Page.fromJson(http.send(new NotionHttp.Call("POST", "/v1/pages", body, false), failure -> {
            List<Block> children = listBlockChildren(parentPageId).toList();
            return children.isEmpty() ? Optional.empty() : Optional.of(children.getLast())
                    .filter(last -> last.type().equals("child_page") && last.json().path("child_page").path("title").asText().equals(title))
                    .map(last -> get("/v1/pages/" + last.id()));
        }));
    }

    /** Sets the given properties (others are untouched). Idempotent, so retried after transient failures. */
    public Page updatePage(NotionId pageId, Map<String, PropertyValue> properties) {
        return updatePage(pageId, properties, () -> true);
    }

    /**
     * As {@link #updatePage(NotionId, Map)}, sent only while {@code allowed} holds: it is asked right before each attempt
     * leaves (after the wait for the rate limit), so a caller that lost the right to write (its run was taken over while
     * it waited) sends nothing. Not sent: a {@link NotionException} whose {@link NotionException#notSent()} is true.
     */
    public Page updatePage(NotionId pageId, Map<String, PropertyValue> properties, java.util.function.BooleanSupplier allowed) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        body.set("properties", propertiesJson(properties));
        return Page.fromJson(http.send(new NotionHttp.Call("PATCH", "/v1/pages/" + pageId, body, true, allowed)));
    }

    /** Moves a page (or row) to the trash; Notion keeps it there for 30 days. */
    public Page trashPage(NotionId pageId) {
        ObjectNode body = NotionHttp.JSON.createObjectNode().put("in_trash", true);
        return Page.fromJson(http.send(new NotionHttp.Call("PATCH", "/v1/pages/" + pageId, body, true)));
    }

    public Database retrieveDatabase(NotionId databaseId) {
        return Database.fromJson(get("/v1/databases/" + databaseId));
    }

    public DataSource retrieveDataSource(NotionId dataSourceId) {
        return DataSource.fromJson(get("/v1/data_sources/" + dataSourceId));
    }

    /**
     * Adds properties to a data source's schema with one request (a property of the same name is reconfigured),
     * and answers the schema as it is afterwards. Idempotent, so retried after transient failures.
     */
    public DataSource updateDataSource(NotionId dataSourceId, List<PropertySchema> properties) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        ObjectNode schema = body.putObject("properties");
        properties.forEach(property -> schema.set(property.name(), property.toJson()));
        return DataSource.fromJson(http.send(new NotionHttp.Call("PATCH", "/v1/data_sources/" + dataSourceId, body, true)));
    }

    /** The rows matching the query, fetched a page (≤ 100 rows) at a time as the stream is consumed. */
    public Stream<Page> queryDataSource(NotionId dataSourceId, Query query) {
        String path = "/v1/data_sources/" + dataSourceId + "/query";
        return Pages.stream(cursor -> http.send(new NotionHttp.Call("POST", path, query.toJson(cursor), true)), Page::fromJson);
    }

    /** Creates a (full-page) database under a page with one data source of the given schema. */
    public Database createDatabase(NotionId parentPageId, String title, List<PropertySchema> properties) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        body.putObject("parent").put("type", "page_id").put("page_id", parentPageId.value());
        body.set("title", RichText.of(title));
        ObjectNode schema = body.putObject("initial_data_source").putObject("properties");
        properties.forEach(property -> schema.set(property.name(), property.toJson()));
        return Database.fromJson(http.send(new NotionHttp.Call("POST", "/v1/databases", body, false)));
    }

    /**
     * Appends blocks (Notion's request form, any depth) under a page or block, splitting them to Notion's
     * limits; answers the created top-level blocks in order.
     */
    public List<Block> appendBlocks(NotionId parentId, List<? extends JsonNode> blockTree) {
        return appendBlocksCounting(parentId, blockTree).blocks();
    }

    /** As {@link #appendBlocks}, also answering how many append requests the tree took (a deep or long one takes several). */
    public Appended appendBlocksCounting(NotionId parentId, List<? extends JsonNode> blockTree) {
        return blocks.append(parentId, blockTree);
    }

    /** The children of a page or block, fetched 100 at a time as the stream is consumed. */
    public Stream<Block> listBlockChildren(NotionId blockId) {
        String path = "/v1/blocks/" + blockId + "/children?page_size=" + NotionLimits.PAGE_SIZE;
        return Pages.stream(cursor -> get(cursor == null ? path : path + "&start_cursor=" + cursor), Block::fromJson);
    }

    /**
     * Changes a block's content: {@code content} is its type's fields in Notion's request form, e.g.
     * {@code {"rich_text": [...]}} for a paragraph; fields left out keep their values. Idempotent.
     */
    public Block updateBlock(NotionId blockId, String type, JsonNode content) {
        ObjectNode body = NotionHttp.JSON.createObjectNode();
        body.set(type, content);
        return Block.fromJson(http.send(new NotionHttp.Call("PATCH", "/v1/blocks/" + blockId, body, true)));
    }

    /** Moves a block to the trash. Deleting a deleted block is not an error here. */
    public void deleteBlock(NotionId blockId) {
        try {
            http.send(new NotionHttp.Call("DELETE", "/v1/blocks/" + blockId, null, true));
        } catch (NotionException e) {
            if (!e.alreadyTrashed()) {
                throw e;
            }
        }
    }

    /** Pages and data sources shared with the integration whose title contains the text (all when blank). */
    public Stream<SearchResult> search(String text, Optional<String> onlyObject) {
        return Pages.stream(cursor -> {
            ObjectNode body = NotionHttp.JSON.createObjectNode().put("page_size", NotionLimits.PAGE_SIZE);
            if (text != null && !text.isBlank()) {
                body.put("query", text);
            }
            onlyObject.ifPresent(object -> body.putObject("filter").put("property", "object").put("value", object));
            if (cursor != null) {
                body.put("start_cursor", cursor);
            }
            return http.send(new NotionHttp.Call("POST", "/v1/search", body, true));
        }, SearchResult::fromJson);
    }

    private JsonNode get(String path) {
        return http.send(new NotionHttp.Call("GET", path, null, true));
    }

    private static ObjectNode propertiesJson(Map<String, PropertyValue> properties) {
        ObjectNode json = NotionHttp.JSON.createObjectNode();
        properties.forEach((name, value) -> json.set(name, value.toJson()));
        return json;
    }

    /** Configuration with sensible defaults; the token is the only thing a caller must give. */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String token;
        private String notionVersion = DEFAULT_VERSION;
        private double requestsPerSecond = 3;
        private int burst = 2;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.REAL;
        private RandomGenerator random = RandomGenerator.getDefault();
        private Duration timeout = Duration.ofSeconds(60);
        private Consumer<NotionExchange> observer;
        private RateBudget limiter;
        private RateBudget.Source budgets = RateBudget.Source.IN_MEMORY;

        private Builder() {
        }

        /** Where Notion is; the client adds {@code /v1/...}. Blank keeps the default (api.notion.com). */
        public Builder baseUrl(String url) {
            if (url != null && !url.isBlank()) {
                this.baseUrl = url.strip();
            }
            return this;
        }

        /** The integration secret; blank leaves it unset (the client reads no environment: setup decides whose secret it is). */
        public Builder token(String token) {
            if (token != null && !token.isBlank()) {
                this.token = token.strip();
            }
            return this;
        }

        public Builder notionVersion(String version) {
            if (!SUPPORTED_VERSIONS.contains(version)) {
                throw new IllegalArgumentException("Notion-Version " + version + " is not supported; use one of " + SUPPORTED_VERSIONS);
            }
            this.notionVersion = version;
            return this;
        }

        /** Sustained requests per second for this token (default 3, Notion's; 0 turns the pacing off) and the burst above it. */
        public Builder rateLimit(double requestsPerSecond, int burst) {
            if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("The Notion rate must be a number of requests per second, 0 or more (0 = unlimited), got "
                        + requestsPerSecond + ".");
            }
            this.requestsPerSecond = requestsPerSecond;
            this.burst = burst;
            return this;
        }

        /** Sustained requests per second for this token, with the default burst (0 turns the pacing off). */
        public Builder rateLimit(double requestsPerSecond) {
            return rateLimit(requestsPerSecond, burst);
        }

        /**
         * Where the token's budget comes from: this JVM's (default), or one shared with other processes through
         * their database. An unlimited rate always uses this JVM's (nothing to share but a 429's back-off).
         */
        public Builder rateBudgets(RateBudget.Source source) {
            this.budgets = Objects.requireNonNull(source);
            return this;
        }

        /** A budget of one's own instead of the token's (tests with a fake clock). */
        public Builder rateLimiter(RateBudget limiter) {
            this.limiter = limiter;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Sees every request and answer (for contract tests and diagnostics); never sees the token. */
        public Builder observer(Consumer<NotionExchange> observer) {
            this.observer = observer;
            return this;
        }

        public NotionClient build() {
            if (token == null || token.isBlank()) {
                throw new NotionException(0, "missing_token", "No Notion secret is set. Save your Notion Internal Integration Secret Key "
                        + "in Settings first.", null);
            }
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("The Notion base URL must start with http:// or https://, got " + baseUrl);
            }
            String fingerprint = RateBudget.fingerprint(token);
            RateBudget rateLimiter = limiter != null ? limiter : requestsPerSecond == 0
                    ? RateBudget.Source.IN_MEMORY.forToken(fingerprint, 0, burst) : budgets.forToken(fingerprint, requestsPerSecond, burst);
            return new NotionClient(new NotionHttp(SHARED_HTTP, baseUrl, token, notionVersion, rateLimiter, retry,
                    sleeper, random, timeout, observer));
        }
    }
}
