package io.wizzygen.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.ConnectionStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The local copy of each account's connections, in the {@code connections} table. */
public final class SqlConnectionStore implements ConnectionStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, notion_row_id, name, type, url, prompt, status, last_run, options, gone";

    private final Store store;

    public SqlConnectionStore(Store store) {
        this.store = store;
    }

    @Override
    public List<Connection> list(String account) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM connections WHERE account_id = :account ORDER BY name")
                .bind("account", account).map((rs, ctx) -> read(rs)).list());
    }

    @Override
    public Optional<Connection> find(String account, String id) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM connections WHERE account_id = :account AND id = :id")
                .bind("account", account).bind("id", id).map((rs, ctx) -> read(rs)).findOne());
    }

    @Override
    public void save(String account, Connection c) {
        store.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO connections (account_id, id, notion_row_id, name, type, url, prompt, status, last_run, options, gone, updated_at)
                        VALUES (:account, :id, :row, :name, :type, :url, :prompt, :status, :lastRun, :options, :gone, :at)
                        ON CONFLICT (account_id, id) DO UPDATE SET notion_row_id = excluded.notion_row_id, name = excluded.name,
                            type = excluded.type, url = excluded.url, prompt = excluded.prompt, status = excluded.status,
                            last_run = excluded.last_run, options = excluded.options, gone = excluded.gone, updated_at = excluded.updated_at
                        """)
                .bind("account", account).bind("id", c.id()).bind("row", c.notionRowId()).bind("name", c.name())
                .bind("type", c.type().name()).bind("url", c.url()).bind("prompt", c.prompt()).bind("status", c.status())
                .bind("lastRun", c.lastRun() == null ? null : c.lastRun().toString()).bind("options", write(c.options()))
                .bind("gone", c.goneFromNotion()).bind("at", Instant.now().toString()).execute());
    }

    @Override
    public void markPending(String account, String id, boolean pending) {
        store.jdbi().useHandle(handle -> handle.createUpdate("UPDATE connections SET pending = :pending WHERE account_id = :account AND id = :id")
                .bind("pending", pending).bind("account", account).bind("id", id).execute());
    }

    @Override
    public java.util.Set<String> pending(String account) {
        return store.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM connections WHERE account_id = :account AND pending = TRUE")
                .bind("account", account).mapTo(String.class).set());
    }

    @Override
    public void delete(String account, String id) {
        store.jdbi().useHandle(handle -> handle.createUpdate("DELETE FROM connections WHERE account_id = :account AND id = :id")
                .bind("account", account).bind("id", id).execute());
    }

    private static Connection read(ResultSet rs) throws SQLException {
        String lastRun = rs.getString("last_run");
        return new Connection(rs.getString("id"), rs.getString("name"), Connection.Type.valueOf(rs.getString("type")), rs.getString("url"),
                rs.getString("prompt"), rs.getString("status"), lastRun == null ? null : Instant.parse(lastRun), rs.getString("notion_row_id"),
                readOptions(rs.getString("options")), rs.getBoolean("gone"));
    }

    private static String write(Map<String, String> options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readOptions(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
