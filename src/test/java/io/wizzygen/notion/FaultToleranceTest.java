package io.wizzygen.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's retries, rate limit and append de-duplication against a sandbox that misbehaves on purpose. */
class FaultToleranceTest {

    /** What a scripted run leaves behind: each page's blocks in order, and each row's Content. */
    record State(List<List<String>> pageBlocks, List<String> rowContents) {
    }

    @Test
    void aScriptedRunThroughInjectedFaultsEndsInTheSameStateAsWithoutFaults() {
        State clean = runScript(0);
        AtomicInteger failures = new AtomicInteger();
        State faulty = runScript(0.2, failures);
        assertThat(failures.get()).as("faults were injected and met").isGreaterThan(10);
        assertThat(faulty).isEqualTo(clean);
        assertThat(clean.pageBlocks().stream().mapToInt(List::size).sum()).isEqualTo(100 * 2);
    }

    private State runScript(double faultRate) {
        return runScript(faultRate, new AtomicInteger());
    }

    private State runScript(double faultRate, AtomicInteger failures) {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(0).withFaultRate(faultRate))) {
            NotionClient client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                    .rateLimiter(new RateLimiter(0, 1, System::nanoTime))
                    .retry(new RetryPolicy(12, Duration.ofMillis(1), Duration.ofMillis(5)))
                    .observer(exchange -> {
                        if (exchange.status() >= 429) {
                            failures.incrementAndGet();
                        }
                    })
                    .sleeper(duration -> Thread.sleep(Math.min(duration.toMillis(), 5)))
                    .build();
            DataSource topics = client.retrieveDataSource(client.search("Topics", Optional.of("data_source")).findFirst().orElseThrow().id());
            List<Page> rows = client.queryDataSource(topics.id(), Query.all()).toList();
            NotionId sample = client.search("Sample page", Optional.of("page")).findFirst().orElseThrow().id();
            List<NotionId> pages = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                pages.add(client.createChildPage(sample, "Script page " + p).id());
            }
            for (int step = 0; step < 200; step++) {
                if (step % 2 == 0) {
                    Page row = rows.get(step / 2 % rows.size());
                    client.updatePage(row.id(), Map.of("Content", new PropertyValue.Text("step " + step),
                            "Generate", new PropertyValue.Checkbox(step % 4 == 0)));
                } else {
                    NotionId page = pages.get(step / 2 % pages.size());
                    List<ObjectNode> blocks = List.of(NotionClientSandboxTest.paragraph("step " + step + " a"),
                            NotionClientSandboxTest.bullet("step " + step + " b"));
                    client.appendBlocks(page, blocks);
                }
            }
            List<List<String>> pageBlocks = new ArrayList<>();
            for (NotionId page : pages) {
                pageBlocks.add(client.listBlockChildren(page).map(Block::plainText).toList());
            }
            List<String> contents = new ArrayList<>();
            for (Page row : rows) {
                contents.add(client.retrievePage(row.id()).property("Content").orElseThrow().asText());
            }
            return new State(pageBlocks, contents);
        }
    }

    @Test
    void aBurstOfFiftyRequestsAllSucceedThroughTheLimiterAndRetryAfter() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withRateLimit(3))) {
            AtomicInteger rateLimited = new AtomicInteger();
            NotionClient client = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token())
                    .rateLimiter(new RateLimiter(3, 3, System::nanoTime))
                    .observer(exchange -> {
                        if (exchange.status() == 429) {
                            rateLimited.incrementAndGet();
                        }
                    })
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Bot>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(client::me));
            }
            for (Future<Bot> call : calls) {
                assertThat(call.get().name()).isEqualTo("Wizzygen Sandbox");
            }
            pool.shutdown();
            System.out.println("burst of 50 through a 3/s limiter: " + rateLimited.get() + " answers were 429 and retried");
        }
    }
}
