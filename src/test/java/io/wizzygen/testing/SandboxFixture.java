package io.wizzygen.testing;

import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;

import java.util.Optional;

/** A sandbox on a random port without rate limit, and a Notion client for it: the workspace tests write into. */
public record SandboxFixture(SandboxServer server, NotionClient notion) implements AutoCloseable {

    public static SandboxFixture start() {
        SandboxServer server = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0));
        NotionClient notion = NotionClient.builder().baseUrl(server.baseUrl()).token(server.token())
                .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).build();
        return new SandboxFixture(server, notion);
    }

    /** The seeded blank "Sample page". */
    public NotionId samplePage() {
        return notion.search("Sample page", Optional.of("page")).map(SearchResult::id).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }
}
