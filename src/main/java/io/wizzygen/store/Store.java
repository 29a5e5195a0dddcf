package io.wizzygen.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's database: SQLite in the data folder by default, PostgreSQL when a
 * {@code postgresql://user:password@host:port/db} URL is given. The same migrations run on both.
 * Statements run on pooled connections, and one process keeps one pool per database: opening a store twice
 * answers the same store.
 */
public final class Store {

    private static final Map<String, Store> OPEN = new ConcurrentHashMap<>();

    private final Jdbi jdbi;
    private final boolean sqlite;

    private Store(HikariDataSource pool, boolean sqlite) {
        this.jdbi = Jdbi.create(pool);
        this.sqlite = sqlite;
    }

    /** SQLite in {@code folder}/wizzygen.db (created when missing). */
    public static Store sqlite(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException("The data folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        Path file = folder.resolve("wizzygen.db").toAbsolutePath().normalize();
        return OPEN.computeIfAbsent("sqlite:" + file, key -> openSqlite(file));
    }

    /** PostgreSQL from a {@code postgresql://user:password@host:port/database} URL. */
    public static Store postgresql(String url) {
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        String[] credentials = uri.getUserInfo() == null ? new String[] {null, null} : uri.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String password = credentials.length > 1 ? credentials[1] : null;
        return OPEN.computeIfAbsent(credentials[0] + "@" + jdbcUrl, key -> {
            HikariConfig config = pool(jdbcUrl, 8);
            config.setUsername(credentials[0]);
            config.setPassword(password);
            // Flyway takes PostgreSQL's advisory lock, so processes migrating together wait for each other.
            return migrated(new HikariDataSource(config), Store::migrate, false);
        });
    }

    /** WIZZYGEN_DATABASE_URL when set, else SQLite in the data folder. */
    public static Store open(Path dataFolder, String databaseUrl) {
        return databaseUrl == null || databaseUrl.isBlank() ? sqlite(dataFolder) : postgresql(databaseUrl);
    }

    /**
     * WAL lets readers go on while one connection writes; busy_timeout makes a second writer wait for the first;
     * synchronous=NORMAL syncs at checkpoints only, which keeps every commit across a crash of the process.
     */
    private static Store openSqlite(Path file) {
        HikariDataSource pool = new HikariDataSource(pool("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=10000&synchronous=NORMAL", 4));
        return migrated(pool, ready -> migrateExclusively(ready, file.resolveSibling(file.getFileName() + ".migrate.lock")), true);
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

    private static HikariConfig pool(String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
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

    public Jdbi jdbi() {
        return jdbi;
    }

    boolean isSqlite() {
        return sqlite;
    }

    /** The data folder: $XDG_DATA_HOME/wizzygen, else ~/.local/share/wizzygen. */
    public static Path defaultDataFolder() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("wizzygen");
    }

    /** The config folder: $XDG_CONFIG_HOME/wizzygen, else ~/.config/wizzygen (the operator's files, e.g. prices.properties). */
    public static Path defaultConfigFolder() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("wizzygen");
    }
}
