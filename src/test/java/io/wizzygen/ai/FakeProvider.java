package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A provider on a random local port that answers scripted replies in order (the last one repeats), or replies
 * computed from each request, and keeps every request it received, so tests can check paths, headers and bodies.
 * Public for the tests of rooms that use the engines ({@link StructuredFakes}).
 */
public final class FakeProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Received(String method, String path, String query, Headers headers, JsonNode body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A reply; {@code events} non-empty means a server-sent event stream. */
    public record Reply(int status, String body, Map<String, String> headers, List<String> events) {
        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), List.of());
        }

        static Reply json(int status, String body, Map<String, String> headers) {
            return new Reply(status, body, headers, List.of());
        }

        public static Reply sse(String... events) {
            return new Reply(200, "", Map.of(), List.of(events));
        }
    }

    /** Computes the reply to a request from the request itself. */
    public interface Responder {
        Reply reply(Received request);
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    FakeProvider(Reply... script) throws IOException {
        this(scripted(script));
    }

    public FakeProvider(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
            received.add(request);
            Reply reply = responder.reply(request);
            String delay = reply.headers().get("x-fake-delay-ms");
            if (delay != null) {
                try {
                    Thread.sleep(Long.parseLong(delay));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (reply.events().isEmpty()) {
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } else {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (String event : reply.events()) {
                    out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Replies in order; the last one repeats. */
    static Responder scripted(Reply... script) {
        Deque<Reply> replies = new ArrayDeque<>(List.of(script));
        return request -> {
            synchronized (replies) {
                return replies.size() > 1 ? replies.removeFirst() : replies.peekFirst();
            }
        };
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
