package io.wizzygen.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's database: SQLite in the data folder by default, PostgreSQL when a
 * {@code postgresql://user:password@host:port/db} URL is given. The same migrations run on both.
 * Statements run on pooled connections, and one process keeps one pool per database, for its whole life: opening a
 * store twice answers the same store.
 */
public final class Store {

    /** The SQLite database's file name in the data folder. */
    public static final String SQLITE_FILE = "wizzygen.db";
    /** How long a write waits for another to finish before it fails (a flood of sign-ups must wait, not fail). */
    private static final int BUSY_TIMEOUT_MS = 60_000;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Map<String, Store> OPEN = new ConcurrentHashMap<>();

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean sqlite;

    private Store(HikariDataSource pool, boolean sqlite) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.sqlite = sqlite;
    }

    /**
     * SQLite in {@code folder}/wizzygen.db (created when missing). The folder is created 0700 and the database 0600
     * (SQLite gives its -wal and -shm files the database's permissions); files left readable by an older version
     * are tightened. Writers wait for each other (WAL, busy timeout) instead of failing.
     */
    public static Store sqlite(Path folder) {
        Path file = folder.resolve(SQLITE_FILE).toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(folder)) {
                createFolder(folder);
            }
            if (!Files.exists(file)) {
                createPrivateFile(file);
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                tighten(file.resolveSibling(SQLITE_FILE + suffix));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The data folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        return OPEN.computeIfAbsent("sqlite:" + file, key -> openSqlite(file));
    }

    /** PostgreSQL from a {@code postgresql://user:password@host:port/database} URL. */
    public static Store postgresql(String url) {
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        String[] credentials = uri.getUserInfo() == null ? new String[] {null, null} : uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String password = credentials.length > 1 ? credentials[1] : null;
        return OPEN.computeIfAbsent(credentials[0] + "@" + jdbcUrl, key -> {
            HikariConfig config = pool(8);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(credentials[0]);
            config.setPassword(password);
            // Flyway takes PostgreSQL's advisory lock, so processes migrating together wait for each other.
            return migrated(new HikariDataSource(config), Store::migrate, false);
        });
    }

    /** PostgreSQL when {@code databaseUrl} is given, else SQLite in the data folder. */
    public static Store open(Path dataFolder, String databaseUrl) {
        return databaseUrl == null || databaseUrl.isBlank() ? sqlite(dataFolder) : postgresql(databaseUrl);
    }

    /**
     * A new database gets 1 KB pages: each commit rewrites the partly filled last pages of the run log in the WAL, and a
     * smaller page is less to rewrite (the page size is fixed once the file is made; an existing database keeps its own).
     */
    private static void createWithSmallPages(Path file) {
        try {
            if (Files.size(file) > 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The database " + file + " cannot be read: " + e.getMessage(), e);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 1024");
            statement.execute("PRAGMA journal_mode = WAL");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("The database " + file + " cannot be created: " + e.getMessage(), e);
        }
    }

    /**
     * WAL lets readers go on while one connection writes; busy_timeout makes a second writer wait for the first; every
     * transaction takes the write lock when it begins, so a busy store is waited for, never a failed lock upgrade;
     * synchronous=NORMAL syncs at checkpoints only, which keeps every commit across a crash of the process. Set on the
     * data source itself: its own defaults would win over parameters in a URL.
     */
    private static Store openSqlite(Path file) {
        createWithSmallPages(file);
        org.sqlite.SQLiteConfig settings = new org.sqlite.SQLiteConfig();
        settings.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        settings.setBusyTimeout(BUSY_TIMEOUT_MS);
        settings.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        settings.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(settings);
        source.setUrl("jdbc:sqlite:" + file);
        // Fewer connections than virtual-thread carriers (cli.Main sets 8): a waiter pinned in SQLite's native lock wait
        // can never hold every carrier, so the connection holding the lock always gets to finish.
        HikariConfig config = pool(4);
        config.setDataSource(source);
        return migrated(new HikariDataSource(config), ready -> migrateExclusively(ready, file.resolveSibling(file.getFileName() + ".migrate.lock")),
                true);
    }

    private static Store migrated(HikariDataSource pool, java.util.function.Consumer<HikariDataSource> migration, boolean sqlite) {
        try {
            migration.accept(pool);
            return new Store(pool, sqlite);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariConfig pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("wizzygen-store");
        return config;
    }

    /**
     * Two processes opening a new SQLite store at once would both migrate, and one would fail on the other's
     * write; an exclusive lock on a file beside the database makes the second wait and then find nothing to do.
     */
    private static void migrateExclusively(HikariDataSource pool, Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            migrate(pool);
        } catch (IOException e) {
            throw new UncheckedIOException("The database's migration lock " + lockFile + " cannot be taken: " + e.getMessage(), e);
        }
    }

    private static void migrate(HikariDataSource pool) {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    private static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectories(folder, OWNER_ONLY_FOLDER);
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        }
    }

    private static void createPrivateFile(Path file) throws IOException {
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
        } catch (IOException | UnsupportedOperationException cannot) {
            // not ours to change (another owner) or not a POSIX file system: left as it is
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The pooled connections themselves, for libraries that take a DataSource (the job scheduler). */
    public DataSource dataSource() {
        return pool;
    }

    boolean isSqlite() {
        return sqlite;
    }
}
