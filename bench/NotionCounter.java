import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benches' pass-through in front of the sandbox (Java's multi-file source launcher finds it beside them): forwards
 * every request and counts the answers — all of them, the 429s, and each page's successful updates (a row written).
 */
final class NotionCounter implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger rateLimited = new AtomicInteger();
    final AtomicLong lastUpdateNanos = new AtomicLong();
    private final Map<String, AtomicInteger> updatesByPage = new ConcurrentHashMap<>();
    private final Map<String, Long> firstUpdateNanos = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    NotionCounter(String target) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : List.of("Authorization", "Notion-Version", "Content-Type", "Accept")) {
                exchange.getRequestHeaders().getOrDefault(name, List.of()).forEach(value -> forward.header(name, value));
            }
            try {
                HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                requests.incrementAndGet();
                if (answer.statusCode() == 429) {
                    rateLimited.incrementAndGet();
                }
                String path = exchange.getRequestURI().getPath();
                if (answer.statusCode() == 200 && exchange.getRequestMethod().equals("PATCH") && path.startsWith("/v1/pages/")) {
                    String page = path.substring("/v1/pages/".length()).replace("-", "");
                    long now = System.nanoTime();
                    updatesByPage.computeIfAbsent(page, id -> new AtomicInteger()).incrementAndGet();
                    firstUpdateNanos.putIfAbsent(page, now);
                    lastUpdateNanos.set(now);
                }
                answer.headers().map().forEach((name, values) -> {
                    if (!List.of("content-length", "transfer-encoding", "connection", ":status").contains(name.toLowerCase())) {
                        values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                    }
                });
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How often the page (its id, with or without dashes) was updated. */
    int updatesOf(String pageId) {
        AtomicInteger count = updatesByPage.get(pageId.replace("-", ""));
        return count == null ? 0 : count.get();
    }

    /** When the page (its id, with or without dashes) was first updated (System.nanoTime), if it was. */
    Long firstUpdateNanos(String pageId) {
        return firstUpdateNanos.get(pageId.replace("-", ""));
    }

    /** Pages updated at least once. */
    int pagesUpdated() {
        return updatesByPage.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
