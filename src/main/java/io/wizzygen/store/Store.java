package io.wizzygen.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** SQLite in {@code folder}/wizzygen.db (created when missing). */
    public static Store sqlite(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The data folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + folder.resolve("wizzygen.db") + "?journal_mode=WAL&busy_timeout=10000";
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

    /** WIZZYGEN_DATABASE_URL when set, else SQLite in the data folder. */
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
