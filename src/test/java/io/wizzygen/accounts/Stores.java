package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.junit.jupiter.api.Named;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stores the accounts tests run on: a fresh SQLite file, and PostgreSQL when ./wizzygen test has started it. */
final class Stores {

    private Stores() {
    }

    static List<Named<Store>> all() throws Exception {
        List<Named<Store>> stores = new ArrayList<>();
        Path folder = Files.createTempDirectory("wizzygen-accounts-test");
        stores.add(Named.of("SQLite", Store.sqlite(folder)));
        String url = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            stores.add(Named.of("PostgreSQL", Store.postgresql(url)));
        } else if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs the store tests on PostgreSQL too, but WIZZYGEN_TEST_DATABASE_URL is not set: run them through ./wizzygen test.");
        }
        return stores;
    }

    static String email() {
        return "user-" + java.util.UUID.randomUUID() + "@example.com";
    }
}
