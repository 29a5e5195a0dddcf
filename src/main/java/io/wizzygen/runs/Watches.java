package io.wizzygen.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.connections.Connection;
import io.wizzygen.generation.WatchQuery;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * "Keep running": a database connection whose ticked rows (and, when chosen, new rows with an empty output) are
 * generated without anyone pressing Generate. A watch is a job of the same engine as runs: it polls, plans its next
 * poll, survives a restart and moves to another server when its own dies. A poll is one query of the rows edited since
 * the last one (less {@link #OVERLAP}: Notion keeps edit times to the minute, and its clock is not ours), through the
 * account's Notion client and so within the integration's one rate budget; a row that needs a run starts — or joins —
 * the connection's run, whose claim and run log already make sure no row is generated twice for one tick. The run
 * unticks each row it writes, so its own writes trigger nothing. A watch stops, saying why, when a run of its connection
 * stops early (the plan's prompts used up, the AI's breaker open) or cannot run at all.
 */
public final class Watches {

    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);
    /** How far before the cursor a poll looks: a minute for Notion's minute-rounded edit times, and a minute of clock skew. */
    static final Duration OVERLAP = Duration.ofMinutes(2);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    static final Duration FASTEST = Duration.ofSeconds(5);
    static final Duration SLOWEST = Duration.ofHours(1);
    /** Polls brought forward (a webhook, a run that ended) come at most this often per connection: a burst makes one query. */
    static final Duration WAKE_GAP = Duration.ofSeconds(1);
    /** Rows a poll reads per request: most polls find none; one that finds a ticked row stops there and starts the run. */
    static final int PAGE_SIZE = 10;

    private final RunService runs;
    private final RunService.Deps deps;
    private final WatchStore store;
    private final NotionWebhooks webhooks;

    Watches(RunService runs, RunService.Deps deps, WatchStore store, WebhookStore webhookStore) {
        this.runs = runs;
        this.deps = deps;
        this.store = store;
        this.webhooks = new NotionWebhooks(webhookStore, this, deps.clock());
    }

    /** Notion's webhooks, which bring a watch's next poll forward. */
    public NotionWebhooks webhooks() {
        return webhooks;
    }

    // ---------------------------------------------------------------- the switch

    /**
     * Switches "Keep running" on for a database connection, with what was asked (the prompt and run options, saved on the
     * connection as Generate saves them), {@code newRows} (rows added with an empty output count too) and {@code every}
     * (seconds between polls, blank for the default). Rows already ticked are looked at in the first poll, at once.
     *
     * @throws RunProblem when what was asked cannot run, said per field
     */
    public Watch keepRunning(String account, String connectionId, Map<String, String> asked, boolean newRows, String every) {
        Connection connection = runs.connection(account, connectionId);
        if (connection.type() != Connection.Type.DATABASE) {
            throw RunProblem.of("keepRunning", "Only a database connection can keep running: a page has no rows to tick.");
        }
        Duration interval = interval(every);
        RunSpec spec = runs.saved(account, connection, asked);
        WatchQuery query = WatchQuery.of(runs.planFor(account, spec));
        if (newRows && !query.canFindNewRows()) {
            throw RunProblem.of("newRows", "New rows are told by their empty output, and Notion cannot tell an empty " + String.join(", ", query.outputs())
                    + " (" + String.join(", ", query.outputTypes()) + "). Choose a text output, or keep running for ticked rows only.");
        }
        Watch watch = Watch.started(connectionId, account, newRows, interval, query, specHash(runs.connection(account, connectionId)),
                deps.clock().instant());
        store.save(watch);
        wakeUp(connectionId);
        return watch;
    }

    /** Switches "Keep running" off (a run going finishes as it would). */
    public void stop(String account, String connectionId) {
        if (of(account, connectionId).isPresent()) {
            store.delete(connectionId);
            jobs().unwatch(connectionId);
        }
    }

    public Optional<Watch> of(String account, String connectionId) {
        return store.find(connectionId).filter(watch -> watch.account().equals(account));
    }

    /** The account's watches by connection id, for the Connections list. */
    public Map<String, Watch> ofAccount(String account) {
        Map<String, Watch> byConnection = new LinkedHashMap<>();
        store.of(account).forEach(watch -> byConnection.put(watch.connectionId(), watch));
        return byConnection;
    }

    private static Duration interval(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_EVERY;
        }
        try {
            Duration every = Duration.ofSeconds(Long.parseLong(seconds.strip()));
            if (every.compareTo(FASTEST) >= 0 && every.compareTo(SLOWEST) <= 0) {
                return every;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw RunProblem.of("every", "Look every " + FASTEST.toSeconds() + " to " + SLOWEST.toSeconds() + " seconds, e.g. "
                + DEFAULT_EVERY.toSeconds() + " (each look is one request to Notion).");
    }

    // ---------------------------------------------------------------- polling (the watch's job)

    /** One poll of the watch (db-scheduler calls it); answers when to poll next, or empty when the watch has stopped. */
    Optional<Instant> poll(String connectionId) {
        Instant now = deps.clock().instant();
        Optional<Watch> found = store.find(connectionId).filter(Watch::running);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Watch watch = found.get();
        if (runs.stopping()) {
            return Optional.of(now); // due again at once: this server's next start, or another server, polls it
        }
        if (watch.lastPollAt() != null && now.isBefore(watch.lastPollAt().plus(WAKE_GAP))) {
            return Optional.of(watch.lastPollAt().plus(WAKE_GAP));
        }
        Instant next = now.plus(watch.every());
        try {
            if (!pollOnce(watch, now)) {
                return Optional.empty();
            }
        } catch (NotionException e) {
            if (!passing(e)) {
                return stopped(watch, "Notion refused the watch's query: " + e.userMessage(), false);
            }
            store.polled(connectionId, now, null, null, "Notion could not be reached (" + e.userMessage() + "); the watch tries again.");
        } catch (RunProblem problem) {
            return stopped(watch, problem.getMessage(), false);
        } catch (RuntimeException unexpected) {
            LOG.warn("The watch of connection {} failed to poll; it tries again", connectionId, unexpected);
            store.polled(connectionId, now, null, null, "The last look failed on an unexpected error (" + unexpected.getClass().getSimpleName()
                    + "); the server's log has the details. The watch tries again.");
        }
        return Optional.of(store.takeWake(connectionId) ? now.plus(WAKE_GAP) : next);
    }

    /** Looks once; false when the watch stopped for good. */
    private boolean pollOnce(Watch watch, Instant now) {
        String account = watch.account();
        Optional<Connection> connection = deps.connections().apply(account).find(watch.connectionId());
        if (connection.isEmpty()) {
            store.delete(watch.connectionId());
            return false;
        }
        Optional<Run> latest = runs.latest(account, watch.connectionId());
        if (latest.isPresent() && !latest.get().finished()) {
            return true; // the run looks at every ticked row itself; the poll after it covers what was ticked meanwhile
        }
        NotionClient notion = runs.notion(deps.settings().load(account));
        WatchQuery query = current(watch, connection.get());
        String latestRun = latest.map(Run::id).orElse(null);
        Supplier<Set<String>> failed = memoized(() -> latest.map(run -> failedRows(run.id())).orElse(Set.of()));
        WatchPoll.Decision decision;
        try (Stream<WatchQuery.Seen> rows = query.changed(notion, watch.cursor() == null ? null : watch.cursor().minus(OVERLAP),
                watch.newRows() ? watch.startedAt().minus(OVERLAP) : null, PAGE_SIZE)) {
            decision = WatchPoll.decide(rows.iterator(), failed, latestRun, store.rows(watch.connectionId()));
        }
        decision.toTick().forEach(row -> query.tick(notion, row.id()));
        store.remember(watch.connectionId(), decision.remember(), latestRun);
        Instant cursor = decision.readAll() ? now : null;
        if (decision.run()) {
            RunService.Started started = runs.startAsSaved(account, watch.connectionId());
            if (started.joined()) {
                cursor = null; // a run that had begun before these rows were ticked may not see them: look again after it
            }
        }
        store.polled(watch.connectionId(), now, cursor, decision.run() ? decision.trigger() : null, null);
        return true;
    }

    /** The watch's query, planned again when the connection's prompt or options changed since. */
    private WatchQuery current(Watch watch, Connection connection) {
        String hash = specHash(connection);
        if (hash.equals(watch.specHash())) {
            return watch.query();
        }
        RunSpec spec = RunService.checked(connection, RunService.savedAsked(connection), true);
        WatchQuery query = WatchQuery.of(runs.planFor(watch.account(), spec));
        store.replanned(watch.connectionId(), query, hash);
        return query;
    }

    private Set<String> failedRows(String runId) {
        Set<String> failed = new HashSet<>();
        for (RunEvent event : deps.runs().events(runId, 0, Integer.MAX_VALUE)) {
            if (event.name().equals("row")) {
                JsonNode data = json(event.data());
                if (data.path("state").asText().equals(Progress.RowState.FAILED.word())) {
                    failed.add(data.path("rowId").asText());
                }
            }
        }
        return failed;
    }

    private Optional<Instant> stopped(Watch watch, String reason, boolean upgrade) {
        store.stop(watch.connectionId(), reason, upgrade, deps.clock().instant());
        return Optional.empty();
    }

    /** Notion away, busy or in a conflict: worth another look later. Anything else (no access, a removed property) is not. */
    static boolean passing(NotionException e) {
        return e.status() == 0 || e.status() == 409 || e.status() == 429 || e.status() >= 500;
    }

    // ---------------------------------------------------------------- what brings a poll forward, what stops a watch

    /** A webhook event about a data source (or its database): its running watches poll now. Answers how many. */
    int wake(String sourceOrDatabaseId) {
        int woken = 0;
        for (Watch watch : store.watching(sourceOrDatabaseId)) {
            wakeUp(watch.connectionId());
            woken++;
        }
        return woken;
    }

    private void wakeUp(String connectionId) {
        if (!jobs().watch(connectionId, deps.clock().instant())) {
            store.requestWake(connectionId);
        }
    }

    /**
     * A run of a watched connection ended (on whichever server ran it): when it stopped early or could not run, the watch
     * stops with that reason; otherwise the watch looks at once at what was ticked while the run went.
     */
    void runFinished(Run run, Outcome outcome) {
        Optional<Watch> watch = store.find(run.connectionId()).filter(Watch::running);
        if (watch.isEmpty()) {
            return;
        }
        String reason = stopReason(outcome);
        if (reason != null) {
            store.stop(run.connectionId(), reason, outcome.upgrade(), deps.clock().instant());
            jobs().unwatch(run.connectionId());
        } else {
            wakeUp(run.connectionId());
        }
    }

    /** Why a watch stops after this outcome: the plan's prompts used up, the breaker open, or a run that could not run at all. */
    static String stopReason(Outcome outcome) {
        if (outcome.stoppedBecause() != null) {
            return outcome.stoppedBecause();
        }
        if (outcome.upgrade() || outcome.status() == RunStatus.FAILED && outcome.written() == 0 && outcome.failed() == 0) {
            return outcome.message();
        }
        return null;
    }

    private RunJobs jobs() {
        RunJobs jobs = runs.jobs();
        if (jobs == null) {
            throw new IllegalStateException("Watches cannot start before the worker does (startWorker).");
        }
        return jobs;
    }

    /** The connection's prompt and options, as a short hash: a change means the watch's query is planned again. */
    static String specHash(Connection connection) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(RunService.savedAsked(connection).toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Execution.JSON.readTree(text);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
