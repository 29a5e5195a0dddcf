package io.wizzygen.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Processes that open a new store at the same moment (a generate beside a serve) all start: migrations wait for each other. */
class ConcurrentMigrationTest {

    /** Waits for the go file, opens the store, prints "opened". */
    public static final class OpenStore {
        public static void main(String[] args) throws Exception {
            Path go = Path.of(args[1]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(go) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            System.out.println("opening");
            System.out.flush();
            Store.sqlite(Path.of(args[0]));
            System.out.println("opened");
        }
    }

    @Test
    void processesOpeningANewSqliteStoreTogetherAllStart(@TempDir Path folder) throws Exception {
        Path go = folder.resolve("go");
        Path data = folder.resolve("data");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(openStoreIn(data, go));
        }
        Files.createFile(go);
        for (Process process : processes) {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(output).contains("opened");
            assertThat(process.exitValue()).as(output).isZero();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wizzygen.db"));
             ResultSet failed = db.createStatement().executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")) {
            assertThat(failed.getInt(1)).isZero();
        }
    }

    @Test
    void aProcessMigratesOnlyOnceItHoldsTheMigrationLock(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        Files.createDirectories(data);
        Path go = Files.createFile(folder.resolve("go"));
        Process process;
        try (FileChannel channel = FileChannel.open(data.resolve("wizzygen.db.migrate.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            process = openStoreIn(data, go);
            BufferedReader output = process.inputReader();
            assertThat(output.readLine()).isEqualTo("opening");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                assertThat(migrated(data)).as("migrated while another process held the lock").isFalse();
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(migrated(data)).isTrue();
    }

    private static boolean migrated(Path data) throws Exception {
        if (!Files.exists(data.resolve("wizzygen.db"))) {
            return false;
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wizzygen.db"));
             ResultSet tables = db.createStatement().executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'run_records'")) {
            return tables.getInt(1) == 1;
        }
    }

    private static Process openStoreIn(Path data, Path go) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), OpenStore.class.getName(), data.toString(), go.toString())
                .redirectErrorStream(true).start();
    }
}
