package io.wizzygen.web;

import io.wizzygen.connections.ConnectionsDatabase;
import io.wizzygen.store.Settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Connections databases opened in the last minute, per account, link and Notion secret. Opening reads the
 * database and its schema (two Notion requests); keeping it for a minute makes a save or a list cost one request
 * instead of three, which at Notion's 3 requests a second is the difference a person notices on every click.
 */
final class OpenedMirrors {

    private static final Duration KEEP = Duration.ofSeconds(60);

    private record Opened(ConnectionsDatabase database, long atNanos) {
    }

    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    ConnectionsDatabase open(String account, Settings saved, Supplier<ConnectionsDatabase> opener) {
        String key = account + "\n" + saved.connectionsDatabase() + "\n" + fingerprint(saved.notionSecret());
        Opened hit = opened.get(key);
        if (hit != null && System.nanoTime() - hit.atNanos() < KEEP.toNanos()) {
            return hit.database();
        }
        ConnectionsDatabase fresh = opener.get();
        opened.put(key, new Opened(fresh, System.nanoTime()));
        return fresh;
    }

    private static String fingerprint(String secret) {
        if (secret == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
