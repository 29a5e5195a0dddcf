package io.wizzygen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server (Chat Completions, as Ollama or vLLM speak it) that answers each prompt after a fixed
 * latency with "Answer: " and the prompt's last line, and counts the calls per prompt — so a test can tell that no
 * stored answer was asked for again.
 */
public final class CountingAi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, AtomicInteger> callsByPrompt = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public CountingAi(Duration latency) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode request = raw.length == 0 ? JSON.missingNode() : JSON.readTree(raw);
            String body;
            if (exchange.getRequestURI().getPath().endsWith("/models")) {
                body = "{\"object\":\"list\",\"data\":[{\"id\":\"counting\",\"object\":\"model\"}]}";
            } else {
                String prompt = request.path("messages").path(request.path("messages").size() - 1).path("content").asText();
                calls.incrementAndGet();
                callsByPrompt.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String[] lines = prompt.strip().split("\n");
                ObjectNode answer = JSON.createObjectNode().put("id", "c").put("object", "chat.completion").put("model", "counting");
                answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                        .putObject("message").put("role", "assistant").put("content", "Answer: " + lines[lines.length - 1]);
                answer.putObject("usage").put("prompt_tokens", 7).put("completion_tokens", 3).put("total_tokens", 10);
                body = answer.toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int calls() {
        return calls.get();
    }

    /** The most calls any one prompt received. */
    public int mostCallsForOnePrompt() {
        return callsByPrompt.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
