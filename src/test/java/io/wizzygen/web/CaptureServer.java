package io.wizzygen.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A server on 127.0.0.1 standing in for a remote service (Notion, an AI provider, a member's own AI server, a
 * service of the operator's network): it records every request it receives (method, path and query, headers,
 * body) and answers with its {@link Answerer}.
 */
final class CaptureServer implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String uri, Map<String, List<String>> headers, String body) {
        /** Everything a secret could hide in. */
        String everything() {
            return method + " " + uri + "\n" + headers + "\n" + body;
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }
    }

    /** An answer: status, content type and body. */
    record Answer(int status, String type, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    @FunctionalInterface
    interface Answerer {
        Answer answer(Request request) throws Exception;
    }

    final String name;
    private final HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();

    private CaptureServer(String name, HttpServer server, Answerer answerer) {
        this.name = name;
        this.server = server;
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> handle(exchange, answerer));
        server.start();
    }

    static CaptureServer http(String name, Answerer answerer) throws IOException {
        return new CaptureServer(name, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), answerer);
    }

    /** An HTTPS server with {@code tls}'s certificate. */
    static CaptureServer https(String name, SSLContext tls, Answerer answerer) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new CaptureServer(name, server, answerer);
    }

    private void handle(HttpExchange exchange, Answerer answerer) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body);
        received.add(request);
        Answer answer;
        try {
            answer = answerer.answer(request);
        } catch (Exception e) {
            answer = new Answer(500, "text/plain", "capture server failed: " + e);
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.type());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    List<Request> received() {
        return List.copyOf(received);
    }

    /** The requests in which any of {@code secrets} appears. */
    List<Request> carrying(List<String> secrets) {
        return received.stream().filter(r -> secrets.stream().anyMatch(r.everything()::contains)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return name + " " + received.stream().map(r -> r.method() + " " + r.uri()).collect(Collectors.joining(", ", "[", "]"));
    }
}
