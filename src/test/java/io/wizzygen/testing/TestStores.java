package io.wizzygen.testing;

import io.wizzygen.store.Store;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The stores tests run on: a fresh SQLite file, and the PostgreSQL that ./wizzygen test starts (WIZZYGEN_TEST_DATABASE_URL). */
public final class TestStores {

    private TestStores() {
    }

    /** A fresh SQLite store and, when ./wizzygen test started it, PostgreSQL; on CI, PostgreSQL must be there. */
    public static List<Named<Store>> sqliteAndPostgresql(String folderPrefix) throws IOException {
        List<Named<Store>> stores = new ArrayList<>();
        stores.add(Named.of("SQLite", Store.sqlite(Files.createTempDirectory(folderPrefix))));
        String url = postgresqlUrl();
        if (url != null) {
            stores.add(Named.of("PostgreSQL", Store.postgresql(url)));
        } else if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs the store tests on PostgreSQL too, but WIZZYGEN_TEST_DATABASE_URL is not set: run them through ./wizzygen test.");
        }
        return stores;
    }

    /** The PostgreSQL store, or the calling test is skipped when ./wizzygen test did not start one. */
    public static Store postgresqlOrSkip() {
        String url = postgresqlUrl();
        Assumptions.assumeTrue(url != null, "PostgreSQL is started by ./wizzygen test (WIZZYGEN_TEST_DATABASE_URL)");
        return Store.postgresql(url);
    }

    private static String postgresqlUrl() {
        String url = System.getenv("WIZZYGEN_TEST_DATABASE_URL");
        return url == null || url.isBlank() ? null : url;
    }
}
