package io.wizzygen.store;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts secrets at rest with AES-256-GCM under a master key kept outside the database: {@code
 * WIZZYGEN_MASTER_KEY} when set (any text; its SHA-256 is the key), else the file {@code master.key} in the
 * data folder, created on first use with owner-only (0600) permissions. A secret sealed under another key
 * cannot be opened: that is reported as {@link Unreadable}, never as a crash, so the user can enter it again.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key from {@code masterKey} (the env variable's value) if given, else from the data folder's key file. */
    public static SecretBox open(Path dataFolder, String masterKey) {
        if (masterKey != null && !masterKey.isBlank()) {
            return new SecretBox(sha256(masterKey.strip()));
        }
        return new SecretBox(keyFile(dataFolder.resolve("master.key")));
    }

    /** A secret could not be decrypted: the master key changed or was lost. */
    public static final class Unreadable extends RuntimeException {
        Unreadable() {
            super("A saved secret cannot be decrypted with this machine's master key (master.key was replaced or "
                    + "WIZZYGEN_MASTER_KEY changed). Enter the secret again in Settings.");
        }
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new Unreadable();
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unreadable();
        }
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.isDirectory(file.getParent())) {
                try {
                    Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(file.getParent());
                }
            }
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try {
                    create(file, Base64.getEncoder().encodeToString(fresh));
                    return fresh;
                } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                    // fall through and read the key it wrote
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length != 32) {
                throw new IllegalArgumentException("it holds " + key.length + " bytes instead of 32");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("The master key file " + file + " cannot be read or created (" + e.getMessage()
                    + "). Check the data folder's permissions; if the file is damaged, move it away (saved secrets must then be "
                    + "entered again), or set WIZZYGEN_MASTER_KEY.", e);
        }
    }

    /** Writes the key to a private temporary file, then links it into place: no process ever reads a half-written key. */
    private static void create(Path file, String content) throws IOException {
        Path draft = file.resolveSibling(file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(draft);
        }
        try {
            Files.writeString(draft, content);
            try {
                Files.createLink(file, draft);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(draft, file); // fails with FileAlreadyExistsException when another process was first
            }
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
