package io.wizzygen.store;

import io.wizzygen.runs.Run;
import io.wizzygen.runs.RunEvent;
import io.wizzygen.runs.RunSpec;
import io.wizzygen.runs.RunStatus;
import io.wizzygen.runs.RunStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Runs, their leases and their recent events, in the {@code runs} and {@code run_events} tables. */
public final class SqlRunStore implements RunStore {

    private static final String COLUMNS = "id, account_id, connection_id, kind, status, spec, written, failed, not_reached, tokens, cost, "
            + "message, resumes, created_at, started_at, finished_at";

    private final Store store;

    public SqlRunStore(Store store) {
        this.store = store;
    }

    @Override
    public String claim(Run run, String activeKey) {
        while (true) {
            int inserted = store.jdbi().withHandle(h -> h.createUpdate("INSERT INTO runs (id, account_id, connection_id, kind, status, "
                            + "active_key, spec, created_at) VALUES (:id, :account, :connection, :kind, :status, :key, :spec, :at) "
                            + "ON CONFLICT (active_key) DO NOTHING")
                    .bind("id", run.id()).bind("account", run.account()).bind("connection", run.connectionId())
                    .bind("kind", run.kind().name()).bind("status", run.status().name()).bind("key", activeKey)
                    .bind("spec", run.spec().toJson()).bind("at", run.createdAt().toEpochMilli()).execute());
            if (inserted == 1) {
                return run.id();
            }
            Optional<String> active = store.jdbi().withHandle(h -> h.createQuery("SELECT id FROM runs WHERE active_key = :key")
                    .bind("key", activeKey).mapTo(String.class).findOne());
            if (active.isPresent()) {
                return active.get();
            }
            // the active run finished between the two statements: the key is free again
        }
    }

    @Override
    public Optional<Run> find(String runId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id").bind("id", runId)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    @Override
    public Optional<Run> latest(String account, String connectionId) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE account_id = :account AND connection_id = :connection "
                        + "ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("account", account).bind("connection", connectionId).map((rs, ctx) -> read(rs)).findOne());
    }

    @Override
    public Lease take(String runId, String worker, Instant now) {
        return store.jdbi().inTransaction(h -> {
            // Writes first, so SQLite takes its write lock at the start of the transaction.
            h.createUpdate("UPDATE runs SET epoch = epoch + 1, worker = :worker WHERE id = :id").bind("worker", worker).bind("id", runId).execute();
            Lease lease = h.createQuery("SELECT epoch, next_seq, started_at FROM runs WHERE id = :id").bind("id", runId)
                    .map((rs, ctx) -> new Lease(rs.getLong("epoch"), rs.getLong("next_seq"), rs.getObject("started_at") != null)).one();
            h.createUpdate("UPDATE runs SET status = :status, started_at = COALESCE(started_at, :now), resumes = resumes + :resumed WHERE id = :id")
                    .bind("status", RunStatus.RUNNING.name()).bind("now", now.toEpochMilli()).bind("resumed", lease.resumed() ? 1 : 0)
                    .bind("id", runId).execute();
            return lease;
        });
    }

    @Override
    public boolean holds(String runId, long epoch) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT epoch FROM runs WHERE id = :id").bind("id", runId).mapTo(Long.class)
                .findOne()).filter(current -> current == epoch).isPresent();
    }

    @Override
    public boolean record(String runId, long epoch, Counts counts, List<RunEvent> events) {
        return withinLease(runId, epoch, events, "", counts, h -> h);
    }

    @Override
    public boolean finish(String runId, long epoch, RunStatus status, Counts counts, String message, List<RunEvent> events, Instant now) {
        return withinLease(runId, epoch, events, ", status = :status, message = :message, finished_at = :now, active_key = NULL", counts,
                update -> update.bind("status", status.name()).bind("message", message).bind("now", now.toEpochMilli()));
    }

    /**
     * The counts (and {@code more} columns) set and the events appended in one transaction, only while {@code epoch} is
     * still the run's; false, with nothing written, once another worker has taken it.
     */
    private boolean withinLease(String runId, long epoch, List<RunEvent> events, String more, Counts counts,
                                java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Update> bindMore) {
        return store.jdbi().inTransaction(h -> {
            int updated = bindMore.apply(h.createUpdate("UPDATE runs SET written = :written, failed = :failed, not_reached = :notReached, "
                            + "tokens = :tokens, cost = :cost, next_seq = :next" + more + " WHERE id = :id AND epoch = :epoch"))
                    .bind("written", counts.written()).bind("failed", counts.failed()).bind("notReached", counts.notReached())
                    .bind("tokens", counts.tokens()).bind("cost", counts.cost()).bind("next", nextSeq(events))
                    .bind("id", runId).bind("epoch", epoch).execute();
            if (updated == 0) {
                return false;
            }
            insert(h, runId, events);
            return true;
        });
    }

    @Override
    public List<RunEvent> events(String runId, long afterSeq, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT seq, name, data FROM run_events WHERE run_id = :id AND seq > :after "
                        + "ORDER BY seq LIMIT :limit")
                .bind("id", runId).bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new RunEvent(rs.getLong("seq"), rs.getString("name"), rs.getString("data"))).list());
    }

    @Override
    public void forgetRowEvents(String runId, long belowSeq) {
        store.jdbi().useHandle(h -> h.createUpdate("DELETE FROM run_events WHERE run_id = :id AND name = 'row' AND seq < :below")
                .bind("id", runId).bind("below", belowSeq).execute());
    }

    private static long nextSeq(List<RunEvent> events) {
        return events.isEmpty() ? 1 : events.getLast().seq() + 1;
    }

    private static void insert(Handle h, String runId, List<RunEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO run_events (run_id, seq, name, data) VALUES (:id, :seq, :name, :data)");
        for (RunEvent event : events) {
            batch.bind("id", runId).bind("seq", event.seq()).bind("name", event.name()).bind("data", event.data()).add();
        }
        batch.execute();
    }

    private static Run read(ResultSet rs) throws SQLException {
        return new Run(rs.getString("id"), rs.getString("account_id"), rs.getString("connection_id"),
                Run.Kind.valueOf(rs.getString("kind")), RunStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                RunSpec.fromJson(rs.getString("spec")), rs.getInt("written"), rs.getInt("failed"), rs.getInt("not_reached"),
                rs.getLong("tokens"), rs.getString("cost"), rs.getString("message"), rs.getInt("resumes"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
