package io.wizzygen.sandbox;

import java.nio.file.Path;

/**
 * How a sandbox runs: port (0 picks a free one), the token it accepts, an optional data folder (else in
 * memory), requests per second per token (0 = no limit), the share of requests answered with an injected
 * fault (0..1), added latency, the host its urls name, and an optional webhook subscription: the url that
 * receives Notion's webhook events and the verification token that signs them (null: a new one).
 */
public record SandboxOptions(int port, String token, Path dataDir, double rateLimit, double faultRate, long latencyMs,
                             String bindHost, String webhookUrl, String webhookToken) {

    public static final int DEFAULT_PORT = 7071;
    public static final String DEFAULT_TOKEN = "ntn_sandbox";

    public SandboxOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--token must not be empty");
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("--rate-limit must be 0 (off) or more requests per second, got " + rateLimit);
        }
        if (faultRate < 0 || faultRate > 1) {
            throw new IllegalArgumentException("--fault-rate must be between 0 and 1, got " + faultRate);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("--latency-ms must be 0 or more, got " + latencyMs);
        }
        if (webhookUrl != null && !webhookUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("--webhook-url must be an http:// or https:// address, like "
                    + "http://localhost:7070/webhooks/notion; got " + webhookUrl);
        }
        if (webhookToken != null && webhookToken.isBlank()) {
            throw new IllegalArgumentException("--webhook-token must not be empty (leave it out to have one made)");
        }
    }

    /** A sandbox without webhooks. */
    public SandboxOptions(int port, String token, Path dataDir, double rateLimit, double faultRate, long latencyMs, String bindHost) {
        this(port, token, dataDir, rateLimit, faultRate, latencyMs, bindHost, null, null);
    }

    /** Defaults of the {@code sandbox} command on a random port: in memory, 3 requests/s, no faults, no latency. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(0, DEFAULT_TOKEN, null, 3, 0, 0, "127.0.0.1", null, null);
    }

    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(newPort, token, dataDir, rateLimit, faultRate, latencyMs, bindHost, webhookUrl, webhookToken);
    }

    public SandboxOptions withRateLimit(double newRateLimit) {
        return new SandboxOptions(port, token, dataDir, newRateLimit, faultRate, latencyMs, bindHost, webhookUrl, webhookToken);
    }

    public SandboxOptions withFaultRate(double newFaultRate) {
        return new SandboxOptions(port, token, dataDir, rateLimit, newFaultRate, latencyMs, bindHost, webhookUrl, webhookToken);
    }

    /** Sends webhook events to {@code url}, signed with {@code verificationToken} (null: a new one). */
    public SandboxOptions withWebhook(String url, String verificationToken) {
        return new SandboxOptions(port, token, dataDir, rateLimit, faultRate, latencyMs, bindHost, url, verificationToken);
    }

    public SandboxOptions withDataDir(Path newDataDir) {
        return new SandboxOptions(port, token, newDataDir, rateLimit, faultRate, latencyMs, bindHost, webhookUrl, webhookToken);
    }
}
