package io.wizzygen.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The application's database: SQLite in the data folder by default, PostgreSQL when a
 * {@code postgresql://user:password@host:port/db} URL is given. The same migrations run on both.
 */
public final class Store implements AutoCloseable {

    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final boolean sqlite;

    private Store(DataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.sqlite = sqlite;
    }

    /** The SQLite database's file name in the data folder. */
    public static final String SQLITE_FILE = "wizzygen.db";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * SQLite in {@code folder}/wizzygen.db (created when missing). The folder is created 0700 and the database 0600
     * (SQLite gives its -wal and -shm files the database's permissions); files left readable by an older version
     * are tightened. Writers wait for each other (WAL, busy timeout) instead of failing.
     */
    public static Store sqlite(Path folder) {
        Path file = folder.resolve(SQLITE_FILE);
        try {
            if (!Files.isDirectory(folder)) {
                createFolder(folder);
            }
            if (!Files.exists(file)) {
                createPrivateFile(file);
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                tighten(folder.resolve(SQLITE_FILE + suffix));
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The data folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=" + BUSY_TIMEOUT_MS;
        migrate(url, null, null);
        // Set on the data source itself: its own defaults would win over parameters in the URL.
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        // Every transaction takes the write lock when it begins, so a busy store is waited for, never a failed upgrade.
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + folder.resolve("wizzygen.db"));
        return new Store(source, true);
    }

    /** How long a write waits for another to finish before it fails (a flood of sign-ups must wait, not fail). */
    private static final int BUSY_TIMEOUT_MS = 60_000;

    private static void createFolder(Path folder) throws java.io.IOException {
        try {
            Files.createDirectories(folder, OWNER_ONLY_FOLDER);
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        }
    }

    private static void createPrivateFile(Path file) throws java.io.IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (java.nio.file.FileAlreadyExistsException anotherProcessWasFirst) {
            // it was created meanwhile; tightened below
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    private static void tighten(Path file) {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (java.io.IOException | UnsupportedOperationException cannot) {
            // not ours to change (another owner) or not a POSIX file system: left as it is
        }
    }

    /** PostgreSQL from a {@code postgresql://user:password@host:port/database} URL. */
    public static Store postgresql(String url) {
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        String[] credentials = uri.getUserInfo() == null ? new String[] {null, null} : uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String password = credentials.length > 1 ? credentials[1] : null;
        migrate(jdbcUrl, credentials[0], password);
        org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
        source.setUrl(jdbcUrl);
        source.setUser(credentials[0]);
        source.setPassword(password);
        return new Store(source, false);
    }

    /** PostgreSQL when {@code databaseUrl} is given, else SQLite in the data folder. */
    public static Store open(Path dataFolder, String databaseUrl) {
        return databaseUrl == null || databaseUrl.isBlank() ? sqlite(dataFolder) : postgresql(databaseUrl);
    }

    private static void migrate(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Releases the store's connections (a data source that holds none has nothing to release). */
    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("The store could not be closed: " + e.getMessage(), e);
            }
        }
    }

    /** The connections themselves, for libraries that take a DataSource (the job scheduler). */
    public DataSource dataSource() {
        return dataSource;
    }

    boolean isSqlite() {
        return sqlite;
    }
}
