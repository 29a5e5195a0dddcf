package io.wizzygen.cli;

import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code wizzygen sandbox}: runs the Notion-compatible server until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Runs a Notion-compatible server (/v1/...) with a seeded workspace and a read-only viewer at /.",
            "Point Wizzygen (or any Notion client) at it with NOTION_API_BASE_URL=http://localhost:<port> and the token."})
final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7071", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", defaultValue = SandboxOptions.DEFAULT_TOKEN, description = "Integration token the server accepts (default: ${DEFAULT-VALUE}).")
    String token;

    @Option(names = "--data", paramLabel = "DIR", description = "Keep the workspace in this folder so it survives restarts (default: in memory).")
    Path data;

    @Option(names = "--rate-limit", defaultValue = "3", paramLabel = "R", description = "Requests per second per token; 0 turns the limit off (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--fault-rate", defaultValue = "0", paramLabel = "P", description = "Share of requests (0..1) answered with an injected 429/500/502/503/504 (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS", description = "Delay added to every API request (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--webhook-url", paramLabel = "URL", description = {"Send Notion's webhook events (page.created, page.properties_updated, "
            + "page.content_updated, page.deleted, page.undeleted) for changes made through the API to this address, "
            + "after Notion's verification request, e.g. http://localhost:7070/webhooks/notion (default: no webhooks)."})
    String webhookUrl;

    @Option(names = "--webhook-token", paramLabel = "TOKEN", description = "The verification token that signs webhook events "
            + "(X-Notion-Signature); printed at start (default: a new one each start).")
    String webhookToken;

    @Override
    public Integer call() throws InterruptedException {
        SandboxOptions options;
        try {
            options = new SandboxOptions(port, token, data, rateLimit, faultRate, latencyMs, bind, webhookUrl, webhookToken);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SandboxServer server;
        try {
            server = SandboxServer.start(options);
        } catch (RuntimeException e) {
            System.err.println("The sandbox could not start on port " + port + ": " + rootMessage(e)
                    + ". Choose another port with --port.");
            return 1;
        }
        System.out.println("Notion sandbox ready at " + server.baseUrl() + "/v1 (viewer: " + server.baseUrl() + "/)");
        System.out.println("Token: " + server.token());
        System.out.println("Use it:  NOTION_API_BASE_URL=" + server.baseUrl() + " NOTION_TOKEN=" + server.token() + " ./wizzygen ...");
        System.out.println(data == null ? "Workspace kept in memory (use --data DIR to keep it)." : "Workspace kept in " + data.toAbsolutePath());
        if (webhookUrl != null) {
            System.out.println("Webhook events go to " + webhookUrl + ", signed with the verification token " + server.webhookToken());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
