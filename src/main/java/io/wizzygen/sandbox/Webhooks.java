package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook subscription, as Notion delivers it: first the verification request ({@code {"verification_token":
 * ...}}), then one POST per event, signed with {@code X-Notion-Signature: sha256=<hex HMAC-SHA256 of the body,
 * keyed with the verification token>}. Events are sent by one thread in the order they happened (so in order per
 * entity), each retried a few times with a growing pause when the subscriber does not answer 2xx; the API
 * answer that caused an event never waits for its delivery.
 */
final class Webhooks implements Events, AutoCloseable {

    static final String API_VERSION = "2025-09-03";
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);

    private final URI url;
    private final String token;
    private final String workspaceId;
    private final String integrationId;
    private final String subscriptionId = Json.newId();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-webhooks");
        thread.setDaemon(true);
        return thread;
    });

    Webhooks(URI url, String token, String workspaceId, String integrationId) {
        this.url = url;
        this.token = token;
        this.workspaceId = workspaceId;
        this.integrationId = integrationId;
    }

    /** A new verification token in Notion's form ({@code secret_…}). */
    static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "secret_" + HexFormat.of().formatHex(random);
    }

    /** Queues the verification request: it reaches the subscriber before any event. */
    void verify() {
        String body = Json.object().put("verification_token", token).toString();
        sender.execute(() -> deliver("verification", attempt -> body, false));
    }

    @Override
    public void emit(String type, ObjectNode entity, ObjectNode data) {
        ObjectNode event = Json.object().put("id", Json.newId()).put("timestamp", Json.now())
                .put("workspace_id", workspaceId).put("workspace_name", Workspace.INTEGRATION_NAME)
                .put("subscription_id", subscriptionId).put("integration_id", integrationId).put("type", type);
        event.putArray("authors").addObject().put("id", integrationId).put("type", "bot");
        event.put("attempt_number", 1).put("api_version", API_VERSION);
        event.set("entity", entity);
        event.set("data", data);
        sender.execute(() -> deliver(type, attempt -> event.put("attempt_number", attempt).toString(), true));
    }

    @FunctionalInterface
    private interface Body {
        String forAttempt(int attempt);
    }

    private void deliver(String what, Body body, boolean signed) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String text = body.forAttempt(attempt);
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("User-Agent", "notion-api")
                    .POST(HttpRequest.BodyPublishers.ofString(text));
            if (signed) {
                request.header("X-Notion-Signature", "sha256=" + sign(text));
            }
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
            } catch (IOException e) {
                // the subscriber is unreachable: tried again below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < ATTEMPTS && !sleep(pause)) {
                return;
            }
            pause = pause.multipliedBy(2);
        }
        System.err.println("The sandbox could not deliver the webhook " + what + " to " + url + " after " + ATTEMPTS + " attempts.");
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops delivering; events still queued are dropped after a short grace period. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
