package io.wizzygen.sandbox;

import java.nio.file.Path;

/**
 * How a sandbox runs: port (0 picks a free one), the token it accepts, an optional data folder (else in
 * memory), requests per second per token (0 = no limit), the share of requests answered with an injected
 * fault (0..1), added latency, and the host its urls name.
 */
public record SandboxOptions(int port, String token, Path dataDir, double rateLimit, double faultRate, long latencyMs,
                             String bindHost) {

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
    }

    /** Defaults of the {@code sandbox} command on a random port: in memory, 3 requests/s, no faults, no latency. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(0, DEFAULT_TOKEN, null, 3, 0, 0, "127.0.0.1");
    }

    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(newPort, token, dataDir, rateLimit, faultRate, latencyMs, bindHost);
    }

    public SandboxOptions withRateLimit(double newRateLimit) {
        return new SandboxOptions(port, token, dataDir, newRateLimit, faultRate, latencyMs, bindHost);
    }

    public SandboxOptions withFaultRate(double newFaultRate) {
        return new SandboxOptions(port, token, dataDir, rateLimit, newFaultRate, latencyMs, bindHost);
    }

    public SandboxOptions withDataDir(Path newDataDir) {
        return new SandboxOptions(port, token, newDataDir, rateLimit, faultRate, latencyMs, bindHost);
    }
}
