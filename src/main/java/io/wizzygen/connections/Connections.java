package io.wizzygen.connections;

import io.wizzygen.notion.NotionException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One account's connections: the local copy kept in step with the Connections database in Notion. Listing
 * reads Notion (rows deleted there show as gone, rows edited there take Notion's values, rows added there
 * appear); when Notion cannot be reached the local copy is listed with a notice saying so.
 */
public final class Connections {

    private final ConnectionStore store;
    private final String account;
    private final Supplier<ConnectionsDatabase> mirror;

    /** {@code mirror} opens the Connections database; it may throw when none is set or Notion is unreachable. */
    public Connections(ConnectionStore store, String account, Supplier<ConnectionsDatabase> mirror) {
        this.store = store;
        this.account = account;
        this.mirror = mirror;
    }

    /** The connections, and why they may be out of date (null when Notion answered). */
    public record Listing(List<Connection> connections, String notice) {

        /** Sorted by a column (name, type, url, prompt, status, lastRun) and filtered by text and type. */
        public List<Connection> view(String sort, boolean ascending, String text, String type) {
            Comparator<Connection> order = switch (sort == null ? "" : sort) {
                case "type" -> Comparator.comparing(c -> c.type().label());
                case "url" -> Comparator.comparing(Connection::url, String.CASE_INSENSITIVE_ORDER);
                case "prompt" -> Comparator.comparing(Connection::prompt, String.CASE_INSENSITIVE_ORDER);
                case "status" -> Comparator.comparing(c -> c.status() == null ? "" : c.status(), String.CASE_INSENSITIVE_ORDER);
                case "lastRun" -> Comparator.comparing(c -> c.lastRun() == null ? Instant.EPOCH : c.lastRun());
                default -> Comparator.comparing(Connection::name, String.CASE_INSENSITIVE_ORDER);
            };
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return connections.stream()
                    .filter(c -> type == null || type.isBlank() || c.type().label().equalsIgnoreCase(type) || c.type().name().equalsIgnoreCase(type))
                    .filter(c -> needle.isEmpty() || (c.name() + " " + c.url() + " " + c.prompt()).toLowerCase(Locale.ROOT).contains(needle))
                    .sorted(ascending ? order : order.reversed()).toList();
        }
    }

    public Listing list() {
        List<ConnectionsDatabase.Row> rows;
        try {
            ConnectionsDatabase database = mirror.get();
            catchUp(database);
            rows = database.rows();
        } catch (NotionException e) {
            List<Connection> local = store.list(account);
            return new Listing(local, "Notion cannot be reached (" + e.userMessage() + ") — showing the connections saved on this machine; "
                    + "changes to them wait until Notion answers again.");
        } catch (IllegalArgumentException | IllegalStateException notSetUp) {
            return new Listing(store.list(account), notSetUp.getMessage());
        }
        return new Listing(reconcile(store.list(account), rows), null);
    }

    /** Writes the connections saved while Notion could not be reached into their rows, before Notion's rows are read. */
    private void catchUp(ConnectionsDatabase database) {
        for (String id : store.pending(account)) {
            Optional<Connection> behind = store.find(account, id).filter(c -> !c.goneFromNotion());
            try {
                if (behind.isPresent()) {
                    store.save(account, behind.get().withNotionRow(database.upsert(behind.get())));
                }
            } catch (NotionException e) {
                if (e.status() == 0 || e.status() == 429 || e.status() >= 500) {
                    throw e; // Notion is away again: try later
                }
                // Notion refuses this row for good (e.g. a value it rejects): the next save of the connection tries again.
            }
            store.markPending(account, id, false);
        }
    }

    /** Brings the local copy in line with Notion's rows and returns it. */
    private List<Connection> reconcile(List<Connection> local, List<ConnectionsDatabase.Row> rows) {
        Map<String, ConnectionsDatabase.Row> byRow = new HashMap<>();
        rows.forEach(row -> byRow.put(row.rowId(), row));
        List<Connection> result = new ArrayList<>();
        for (Connection connection : local) {
            if (connection.notionRowId() == null) {
                result.add(connection);
                continue;
            }
            ConnectionsDatabase.Row row = byRow.remove(connection.notionRowId());
            Connection now = row == null ? connection.markedGoneFromNotion()
                    : connection.asInNotion(row.name(), row.type(), row.url(), row.prompt(), row.status(), row.lastRun());
            if (!now.equals(connection)) {
                store.save(account, now);
            }
            result.add(now);
        }
        for (ConnectionsDatabase.Row added : byRow.values()) {
            Connection imported = new Connection(java.util.UUID.randomUUID().toString(), added.name(), added.type(), added.url(),
                    added.prompt(), added.status(), added.lastRun(), added.rowId(), Map.of(), false);
            store.save(account, imported);
            result.add(imported);
        }
        return result;
    }

    public Optional<Connection> find(String id) {
        return store.find(account, id);
    }

    /**
     * Saves the connection here and in its Notion row (created when it has none). Returns the saved connection
     * and, if Notion refused or could not be reached, why its row is not up to date.
     */
    public Saved save(Connection connection) {
        Connection saved = connection;
        String notice = null;
        try {
            saved = connection.withNotionRow(mirror.get().upsert(connection));
        } catch (NotionException e) {
            notice = "Saved on this machine; the Connections database in Notion was not updated: " + e.userMessage();
        } catch (IllegalArgumentException | IllegalStateException notSetUp) {
            notice = "Saved on this machine only: " + notSetUp.getMessage();
        }
        store.save(account, saved);
        store.markPending(account, saved.id(), notice != null);
        return new Saved(saved, notice);
    }

    /** A saved connection and, if its Notion row could not be written, why. */
    public record Saved(Connection connection, String notice) {
    }

    /**
     * Deletes the connection here and trashes its row in Notion (a row already gone there is no error). Without a
     * Connections database (or a Notion secret) to reach its row, the local copy still goes and the answer says why
     * Notion was not touched; when Notion cannot be reached, nothing is deleted (the row would be left behind).
     */
    public Deleted delete(String id) {
        Connection connection = store.find(account, id).orElseThrow(() -> new IllegalArgumentException("There is no such connection (it may have been deleted already)."));
        String untouched = null;
        if (connection.notionRowId() != null && !connection.goneFromNotion()) {
            try {
                mirror.get().trash(connection.notionRowId());
            } catch (IllegalArgumentException | IllegalStateException notSetUp) {
                untouched = notSetUp.getMessage();
            } catch (NotionException e) {
                if (e.code().equals("missing_token")) {
                    untouched = e.userMessage();
                } else if (e.status() != 404) {
                    throw e;
                }
            }
        }
        store.delete(account, id);
        return new Deleted(connection, untouched);
    }

    /** A deleted connection; {@code notionUntouched} says why its row in Notion was left as it was (null: trashed, or it had none). */
    public record Deleted(Connection connection, String notionUntouched) {
    }
}
