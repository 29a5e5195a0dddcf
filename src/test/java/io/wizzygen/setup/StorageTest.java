package io.wizzygen.setup;

import io.wizzygen.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The data folder keeps secrets: only its owner may read it. */
class StorageTest {

    @Test
    void theDataFolderIsCreated0700AndItsFiles0600(@TempDir Path parent) throws Exception {
        Path folder = parent.resolve("wizzygen");
        Storage storage = new Storage(folder, null, null);
        Store store = storage.open();
        storage.secrets().seal("a secret");
        try (org.jdbi.v3.core.Handle open = store.jdbi().open()) { // while a connection is open, -wal and -shm exist
            open.execute("INSERT INTO app_options (name, value) VALUES ('probe', 'x')");
            assertThat(permissions(folder)).isEqualTo("rwx------");
            for (String file : new String[] {"wizzygen.db", "wizzygen.db-wal", "wizzygen.db-shm", "master.key"}) {
                assertThat(folder.resolve(file)).as(file).exists();
                assertThat(permissions(folder.resolve(file))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aDatabaseLeftReadableByAnOlderVersionIsTightened(@TempDir Path folder) throws Exception {
        new Storage(folder, null, null).open();
        Files.setPosixFilePermissions(folder.resolve("wizzygen.db"), PosixFilePermissions.fromString("rw-r--r--"));
        new Storage(folder, null, null).open();
        assertThat(permissions(folder.resolve("wizzygen.db"))).isEqualTo("rw-------");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
