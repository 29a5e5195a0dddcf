package io.wizzygen.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.notion.NotionIds;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Notion's webhooks, received: the verification request (its token kept until an admin reveals it, once, to paste it
 * into the integration's webhook settings, which makes it the token events are signed with), then signed events. An
 * event counts only with {@code X-Notion-Signature: sha256=<HMAC-SHA256 of the raw body keyed with that token>}
 * (compared in constant time), a timestamp within {@link #FRESH} of now and an id not seen before; then a page created or
 * changed in a watched data source brings its watches' next poll forward. Polling stays the safety net: a lost, late or
 * refused event only means the change is found at the next regular poll.
 */
public final class NotionWebhooks {

    /** Events further from now than this are refused (a replay), and event ids are remembered twice as long. */
    static final Duration FRESH = Duration.ofMinutes(10);
    /** The events about a row that may need a run: added, its properties changed (a tick), back from the trash. */
    static final Set<String> WAKING = Set.of("page.created", "page.properties_updated", "page.undeleted");
    private static final String SCHEME = "sha256=";

    /** What became of a request: the HTTP status to answer and a sentence saying why. */
    public record Reply(int status, String message) {
    }

    private final WebhookStore store;
    private final Watches watches;
    private final Clock clock;

    NotionWebhooks(WebhookStore store, Watches watches, Clock clock) {
        this.store = store;
        this.watches = watches;
        this.clock = clock;
    }

    /** Handles one request to the webhook address: {@code signature} is the X-Notion-Signature header (null when absent). */
    public Reply receive(byte[] body, String signature) {
        JsonNode json;
        try {
            json = Execution.JSON.readTree(body);
        } catch (IOException notJson) {
            return new Reply(400, "Refused: the body is not JSON.");
        }
        if (json == null || !json.isObject()) {
            return new Reply(400, "Refused: the body is not a JSON object.");
        }
        if (json.hasNonNull("verification_token") && !json.has("type")) {
            String token = json.path("verification_token").asText();
            if (token.isBlank() || token.length() > 500) {
                return new Reply(400, "Refused: the verification token is empty or too long.");
            }
            store.keepPending(token, clock.instant());
            return new Reply(200, "Verification token kept: an admin reveals it in Settings → Notion webhooks and pastes it into Notion.");
        }
        Optional<String> token = store.active();
        if (token.isEmpty()) {
            return new Reply(401, "Refused: no webhook subscription is verified on this server yet (Settings → Notion webhooks).");
        }
        if (signature == null || !MessageDigest.isEqual(expected(token.get(), body), signature.strip().getBytes(StandardCharsets.UTF_8))) {
            return new Reply(401, "Refused: the X-Notion-Signature does not match this server's verification token.");
        }
        return signed(json);
    }

    private Reply signed(JsonNode event) {
        Instant now = clock.instant();
        Instant at;
        try {
            at = Instant.parse(event.path("timestamp").asText());
        } catch (DateTimeParseException noTime) {
            return new Reply(400, "Refused: the event has no timestamp.");
        }
        if (Duration.between(at, now).abs().compareTo(FRESH) > 0) {
            return new Reply(409, "Refused: the event's timestamp is more than " + FRESH.toMinutes() + " minutes from now (a replay?).");
        }
        String id = event.path("id").asText();
        if (id.isBlank() || id.length() > 64) {
            return new Reply(400, "Refused: the event has no id.");
        }
        if (!store.firstSight(id, now, now.minus(FRESH.multipliedBy(2)))) {
            return new Reply(409, "Refused: this event was received before (a replay).");
        }
        if (!WAKING.contains(event.path("type").asText())) {
            return new Reply(200, "Accepted; " + event.path("type").asText() + " events change nothing here.");
        }
        int woken = source(event.path("data").path("parent")).map(watches::wake).orElse(0);
        return new Reply(200, "Accepted; " + (woken == 1 ? "1 watch looks" : woken + " watches look") + " now.");
    }

    /** The data source (or else the database) a row's event names; pages outside a database name none. */
    private static Optional<String> source(JsonNode parent) {
        String id = parent.hasNonNull("data_source_id") ? parent.path("data_source_id").asText()
                : Set.of("database", "database_id", "data_source", "data_source_id").contains(parent.path("type").asText())
                ? parent.path("id").asText() : null;
        return id == null ? Optional.empty() : NotionIds.tryParse(id).map(notionId -> notionId.value());
    }

    private static byte[] expected(String token, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return (SCHEME + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }

    // ---------------------------------------------------------------- the admin's side

    /**
     * The token Notion sent, made the one events must be signed with, and answered this once (to paste into Notion's
     * "Verify subscription" form); empty when none is waiting.
     */
    public Optional<String> revealPending() {
        return store.activatePending(clock.instant());
    }

    public WebhookStore.Status status() {
        return store.status();
    }
}
