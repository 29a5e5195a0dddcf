package io.wizzygen.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Random tokens for sessions and codes, and the hashes under which they are stored (never the tokens themselves). */
final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String random(int bytes) {
        byte[] token = new byte[bytes];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** A code a person types: {@code prefix}, then 20 letters and digits in groups of five (about 100 random bits). */
    static String code(String prefix) {
        return prefix + "-" + random(15).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "X").replaceAll("(.{5})(?!$)", "$1-");
    }

    /** The hash a typed code is stored and looked up under: case, spaces and dashes do not matter. */
    static String codeHash(String code) {
        return sha256((code == null ? "" : code).strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]", ""));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
