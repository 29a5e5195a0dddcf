package io.wizzygen.accounts;

import io.wizzygen.testing.TestStores;
import io.wizzygen.store.Store;
import org.junit.jupiter.api.Named;

import java.util.List;

/** The stores the accounts tests run on: a fresh SQLite file, and PostgreSQL when ./wizzygen test has started it. */
final class Stores {

    private Stores() {
    }

    static List<Named<Store>> all() throws Exception {
        return TestStores.sqliteAndPostgresql("wizzygen-accounts-test");
    }

    static String email() {
        return "user-" + java.util.UUID.randomUUID() + "@example.com";
    }
}
