package io.wizzygen.setup;

import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the app keeps its data: SQLite in {@code folder}, or PostgreSQL at {@code databaseUrl} when given; saved
 * secrets are sealed with {@code masterKey} (WIZZYGEN_MASTER_KEY), else with the folder's {@code master.key}.
 */
public record Storage(Path folder, String databaseUrl, String masterKey) {

    public Store open() {
        return Store.open(folder, databaseUrl);
    }

    public SecretBox secrets() {
        return SecretBox.open(folder, masterKey);
    }

    /** True when there is something to read (reading must never create a database). */
    public boolean exists() {
        return databaseUrl != null || Files.exists(folder.resolve(Store.SQLITE_FILE));
    }

    /** "PostgreSQL", or the data folder: for the start-up line (never the URL, which may hold a password). */
    public String describe() {
        return databaseUrl != null ? "PostgreSQL" : folder.toString();
    }

    @Override
    public String toString() {
        return "Storage[" + describe() + "]";
    }
}
