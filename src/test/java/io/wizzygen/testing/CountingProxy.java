package io.wizzygen.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass-through in front of a Notion (the sandbox) that counts what reached it: every request, the 429 answers,
 * and the successful page updates per page — so a test can tell that each row was written exactly once.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Pattern PAGE_UPDATE = Pattern.compile("^/v1/pages/([0-9a-fA-F-]{32,36})$");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> updatesByPage = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();

    public CountingProxy(String target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            requests.incrementAndGet();
            if (answer.statusCode() == 429) {
                rateLimited.incrementAndGet();
            }
            Matcher update = PAGE_UPDATE.matcher(path);
            if (exchange.getRequestMethod().equals("PATCH") && update.matches() && answer.statusCode() == 200) {
                updatesByPage.computeIfAbsent(update.group(1).replace("-", ""), id -> new AtomicInteger()).incrementAndGet();
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Successful updates of each page (by its id without dashes). */
    public Map<String, Integer> updatesByPage() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        updatesByPage.forEach((page, count) -> counts.put(page, count.get()));
        return counts;
    }

    public int requests() {
        return requests.get();
    }

    public int rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
