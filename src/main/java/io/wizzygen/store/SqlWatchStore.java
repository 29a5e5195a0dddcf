package io.wizzygen.store;

import io.wizzygen.generation.WatchQuery;
import io.wizzygen.runs.Watch;
import io.wizzygen.runs.WatchStore;
import io.wizzygen.runs.WebhookStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Watches, what they remember of rows ({@code watches}, {@code watch_rows}), and Notion's webhook tokens (sealed) and
 * the event ids seen lately ({@code webhook_tokens}, {@code webhook_events}).
 */
public final class SqlWatchStore implements WatchStore, WebhookStore {

    private static final String COLUMNS = "connection_id, account_id, new_rows, every_seconds, query, spec_hash, started_at, cursor_at, "
            + "last_poll_at, last_trigger_at, last_trigger, last_error, stopped_at, stop_reason, stop_upgrade";
    private static final String PENDING = "pending";
    private static final String ACTIVE = "active";

    private final Store store;
    private final SecretBox secrets;

    public SqlWatchStore(Store store, SecretBox secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    // ---------------------------------------------------------------- watches

    @Override
    public void save(Watch watch) {
        store.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM watches WHERE connection_id = :id").bind("id", watch.connectionId()).execute();
            h.createUpdate("DELETE FROM watch_rows WHERE connection_id = :id").bind("id", watch.connectionId()).execute();
            h.createUpdate("INSERT INTO watches (connection_id, account_id, new_rows, every_seconds, query, spec_hash, data_source_id, "
                            + "database_id, started_at) VALUES (:id, :account, :newRows, :every, :query, :hash, :source, :database, :at)")
                    .bind("id", watch.connectionId()).bind("account", watch.account()).bind("newRows", watch.newRows())
                    .bind("every", (int) watch.every().toSeconds()).bind("query", watch.query().toJson()).bind("hash", watch.specHash())
                    .bind("source", watch.query().dataSourceId()).bind("database", watch.query().databaseId())
                    .bind("at", watch.startedAt().toEpochMilli()).execute();
        });
    }

    @Override
    public Optional<Watch> find(String connectionId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM watches WHERE connection_id = :id")
                .bind("id", connectionId).map((rs, ctx) -> read(rs)).findOne());
    }

    @Override
    public List<Watch> of(String account) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM watches WHERE account_id = :account")
                .bind("account", account).map((rs, ctx) -> read(rs)).list());
    }

    @Override
    public List<Watch> watching(String dataSourceId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM watches WHERE (data_source_id = :id OR database_id = :id) "
                        + "AND stop_reason IS NULL")
                .bind("id", dataSourceId).map((rs, ctx) -> read(rs)).list());
    }

    @Override
    public void delete(String connectionId) {
        store.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM watches WHERE connection_id = :id").bind("id", connectionId).execute();
            h.createUpdate("DELETE FROM watch_rows WHERE connection_id = :id").bind("id", connectionId).execute();
        });
    }

    @Override
    public void polled(String connectionId, Instant at, Instant cursor, String trigger, String error) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE watches SET last_poll_at = :at, cursor_at = COALESCE(:cursor, cursor_at), "
                        + "last_trigger_at = CASE WHEN :trigger IS NULL THEN last_trigger_at ELSE :at END, "
                        + "last_trigger = COALESCE(:trigger, last_trigger), last_error = :error WHERE connection_id = :id")
                .bind("at", at.toEpochMilli()).bind("cursor", cursor == null ? null : cursor.toEpochMilli())
                .bind("trigger", trigger).bind("error", error).bind("id", connectionId).execute());
    }

    @Override
    public void replanned(String connectionId, WatchQuery query, String specHash) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE watches SET query = :query, spec_hash = :hash, data_source_id = :source, "
                        + "database_id = :database WHERE connection_id = :id")
                .bind("query", query.toJson()).bind("hash", specHash).bind("source", query.dataSourceId())
                .bind("database", query.databaseId()).bind("id", connectionId).execute());
    }

    @Override
    public boolean stop(String connectionId, String reason, boolean upgrade, Instant at) {
        return store.jdbi().withHandle(h -> h.createUpdate("UPDATE watches SET stop_reason = :reason, stop_upgrade = :upgrade, stopped_at = :at "
                        + "WHERE connection_id = :id AND stop_reason IS NULL")
                .bind("reason", reason).bind("upgrade", upgrade).bind("at", at.toEpochMilli()).bind("id", connectionId).execute()) == 1;
    }

    @Override
    public void requestWake(String connectionId) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE watches SET wake_requested = :yes WHERE connection_id = :id")
                .bind("yes", true).bind("id", connectionId).execute());
    }

    @Override
    public boolean takeWake(String connectionId) {
        return store.jdbi().withHandle(h -> h.createUpdate("UPDATE watches SET wake_requested = :no WHERE connection_id = :id AND wake_requested = :yes")
                .bind("no", false).bind("yes", true).bind("id", connectionId).execute()) == 1;
    }

    @Override
    public Map<String, RowMemory> rows(String connectionId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT row_id, ticked_by_watch, quiet_run, quiet_edited FROM watch_rows "
                        + "WHERE connection_id = :id")
                .bind("id", connectionId)
                .map((rs, ctx) -> new RowMemory(rs.getString("row_id"), rs.getBoolean("ticked_by_watch"), rs.getString("quiet_run"),
                        rs.getString("quiet_edited")))
                .stream().collect(Collectors.toMap(RowMemory::rowId, row -> row)));
    }

    @Override
    public void remember(String connectionId, Collection<RowMemory> rows, String latestRun) {
        store.jdbi().useTransaction(h -> {
            // Quiet about rows of an earlier run no more: the latest run tried them again (each row is in at most one run's quiet).
            h.createUpdate("UPDATE watch_rows SET quiet_run = NULL, quiet_edited = NULL WHERE connection_id = :id AND quiet_run IS NOT NULL "
                    + "AND (:latest IS NULL OR quiet_run <> :latest)").bind("id", connectionId).bind("latest", latestRun).execute();
            h.createUpdate("DELETE FROM watch_rows WHERE connection_id = :id AND ticked_by_watch = :no AND quiet_run IS NULL")
                    .bind("id", connectionId).bind("no", false).execute();
            if (!rows.isEmpty()) {
                upsert(h, connectionId, rows);
            }
        });
    }

    private static void upsert(Handle h, String connectionId, Collection<RowMemory> rows) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO watch_rows (connection_id, row_id, ticked_by_watch, quiet_run, quiet_edited) "
                + "VALUES (:id, :row, :ticked, :run, :edited) ON CONFLICT (connection_id, row_id) DO UPDATE SET "
                + "ticked_by_watch = excluded.ticked_by_watch, quiet_run = excluded.quiet_run, quiet_edited = excluded.quiet_edited");
        for (RowMemory row : rows) {
            batch.bind("id", connectionId).bind("row", row.rowId()).bind("ticked", row.tickedByWatch()).bind("run", row.quietRun())
                    .bind("edited", row.quietEdited()).add();
        }
        batch.execute();
    }

    private static Watch read(ResultSet rs) throws SQLException {
        return new Watch(rs.getString("connection_id"), rs.getString("account_id"), rs.getBoolean("new_rows"),
                Duration.ofSeconds(rs.getInt("every_seconds")), WatchQuery.fromJson(rs.getString("query")), rs.getString("spec_hash"),
                instant(rs, "started_at"), instant(rs, "cursor_at"), instant(rs, "last_poll_at"), instant(rs, "last_trigger_at"),
                rs.getString("last_trigger"), rs.getString("last_error"), instant(rs, "stopped_at"), rs.getString("stop_reason"),
                rs.getBoolean("stop_upgrade"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    // ---------------------------------------------------------------- webhooks

    @Override
    public void keepPending(String token, Instant at) {
        store.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM webhook_tokens WHERE state = :state").bind("state", PENDING).execute();
            h.createUpdate("INSERT INTO webhook_tokens (state, token, ending, since) VALUES (:state, :token, :ending, :at)")
                    .bind("state", PENDING).bind("token", secrets.seal(token)).bind("ending", ending(token)).bind("at", at.toEpochMilli())
                    .execute();
        });
    }

    @Override
    public Optional<String> activatePending(Instant at) {
        return store.jdbi().inTransaction(h -> {
            Optional<String> sealed = h.createQuery("SELECT token FROM webhook_tokens WHERE state = :state").bind("state", PENDING)
                    .mapTo(String.class).findOne();
            if (sealed.isEmpty()) {
                return Optional.<String>empty();
            }
            h.createUpdate("DELETE FROM webhook_tokens WHERE state = :state").bind("state", ACTIVE).execute();
            h.createUpdate("UPDATE webhook_tokens SET state = :active, since = :at WHERE state = :pending")
                    .bind("active", ACTIVE).bind("at", at.toEpochMilli()).bind("pending", PENDING).execute();
            return Optional.of(secrets.open(sealed.get()));
        });
    }

    @Override
    public Optional<String> active() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT token FROM webhook_tokens WHERE state = :state").bind("state", ACTIVE)
                .mapTo(String.class).findOne()).map(secrets::open);
    }

    @Override
    public boolean firstSight(String eventId, Instant at, Instant forgetBefore) {
        return store.jdbi().inTransaction(h -> {
            h.createUpdate("DELETE FROM webhook_events WHERE received_at < :before").bind("before", forgetBefore.toEpochMilli()).execute();
            int added = h.createUpdate("INSERT INTO webhook_events (event_id, received_at) VALUES (:id, :at) ON CONFLICT (event_id) DO NOTHING")
                    .bind("id", eventId).bind("at", at.toEpochMilli()).execute();
            if (added == 1) {
                h.createUpdate("UPDATE webhook_tokens SET last_event_at = :at WHERE state = :state").bind("at", at.toEpochMilli())
                        .bind("state", ACTIVE).execute();
            }
            return added == 1;
        });
    }

    @Override
    public Status status() {
        return store.jdbi().withHandle(h -> {
            Optional<Instant> pending = h.createQuery("SELECT since FROM webhook_tokens WHERE state = :state").bind("state", PENDING)
                    .mapTo(Long.class).findOne().map(Instant::ofEpochMilli);
            return h.createQuery("SELECT since, ending, last_event_at FROM webhook_tokens WHERE state = :state").bind("state", ACTIVE)
                    .map((rs, ctx) -> new Status(pending.orElse(null), instant(rs, "since"), rs.getString("ending"), instant(rs, "last_event_at")))
                    .findOne().orElse(new Status(pending.orElse(null), null, null, null));
        });
    }

    /** The last 4 characters: all an admin sees of a token after it was revealed. */
    private static String ending(String token) {
        return token.length() <= 4 ? "" : token.substring(token.length() - 4);
    }
}
