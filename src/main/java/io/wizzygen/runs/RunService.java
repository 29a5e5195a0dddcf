package io.wizzygen.runs;

import io.wizzygen.accounts.Quota;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.Prices;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.Connections;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.generation.RunLog;
import io.wizzygen.generation.StatusColumns;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The runs of the app's connections: started for an account (checked first, then claimed — one run per connection),
 * executed as durable jobs on whichever worker picks them ({@link RunExecutor}), their progress kept in the store so
 * any page, reload or server shows it, and their outcome written to the connection. A server that stops (SIGTERM)
 * lets its runs finish the rows already started and resumes them when it starts again; one that dies has its runs
 * resumed by the next worker to notice, which no stored answer asks for again and no written row is written by twice.
 */
public final class RunService implements AutoCloseable {

    /** Prompts held by previews longer than this belong to a process that died. */
    private static final Duration STALE_HOLD = Duration.ofMinutes(15);
    public static final List<String> OPTION_FIELDS = List.of("mode", "withPageText", "model", "temperature", "output", "checkbox", "onlyEmpty",
            "allowNewOptions");

    /** What the runs need: where runs, settings, connections and run logs are kept, and how clients are built. */
    public record Deps(RunStore runs, SettingsStore settings, Clients clients, Quota quota, Prices prices, RunLog runLog,
                       Function<String, Connections> connections, Clock clock) {
    }

    /** A run was started, or ({@code joined}) the connection's running run was found instead. */
    public record Started(String runId, boolean joined) {
    }

    private final Deps deps;
    private final RunExecutor executor;
    private volatile RunJobs jobs;
    private volatile Watches watches;

    public RunService(Deps deps) {
        this.deps = deps;
        this.executor = new RunExecutor(this, deps, () -> watches);
    }

    /**
     * Starts executing runs as {@code worker} (a name unique among the servers sharing the store and stable across
     * this server's restarts, e.g. host:port): runs this worker had started before it stopped are resumed at once.
     */
    public void startWorker(DataSource dataSource, String worker) {
        deps.quota().giveBackStale(STALE_HOLD);
        jobs = new RunJobs(dataSource, worker, runId -> executor.execute(runId, worker), id -> watches == null ? Optional.empty() : watches.poll(id));
    }

    /**
     * Lets database connections keep running (watches kept in {@code store}; Notion's webhook tokens and events seen in
     * {@code webhooks}). Called before {@link #startWorker}.
     */
    public Watches keepRunning(WatchStore store, WebhookStore webhooks) {
        watches = new Watches(this, deps, store, webhooks);
        return watches;
    }

    /** The watches, once {@link #keepRunning} was called. */
    public Watches watches() {
        if (watches == null) {
            throw new IllegalStateException("Watches are not set up (keepRunning).");
        }
        return watches;
    }

    // ---------------------------------------------------------------- asking for runs

    /**
     * Starts a run of the connection with what the person asked ({@code asked}: prompt and the run options), after
     * saving them on the connection; when the connection has a run going, that run is answered instead.
     *
     * @throws RunProblem when what was asked cannot run (said per field), or Notion refused to check it
     */
    public Started start(String account, String connectionId, Map<String, String> asked) {
        Connection connection = connection(account, connectionId);
        RunSpec spec = saved(account, connection, asked);
        return start(account, connection, spec);
    }

    /** Starts (or joins) a run with the prompt and options saved on the connection, saving nothing (a watch's trigger). */
    Started startAsSaved(String account, String connectionId) {
        Connection connection = connection(account, connectionId);
        return start(account, connection, checked(connection, savedAsked(connection), true));
    }

    /** What was asked, checked and saved on the connection. */
    RunSpec saved(String account, Connection connection, Map<String, String> asked) {
        RunSpec spec = checked(connection, asked, true);
        deps.connections().apply(account).save(connection.withPrompt(spec.prompt(), spec.options()));
        return spec;
    }

    private Started start(String account, Connection connection, RunSpec spec) {
        String connectionId = connection.id();
        Run.Kind kind = connection.type() == Connection.Type.PAGE ? Run.Kind.PAGE : Run.Kind.DATABASE;
        if (kind == Run.Kind.DATABASE) {
            planFor(account, spec);
        } else {
            Settings saved = deps.settings().load(account);
            notionOrProblem(saved); // without a Notion secret the page run could only fail: said now, as for a database
            engineOrProblem(account, saved, spec, null);
        }
        String id = UUID.randomUUID().toString();
        String claimed = deps.runs().claim(Run.queued(id, account, connectionId, kind, spec, deps.clock().instant()),
                "connection:" + account + ":" + connectionId);
        if (!claimed.equals(id)) {
            return new Started(claimed, true);
        }
        if (jobs == null) {
            throw new IllegalStateException("Runs cannot start before the worker does (startWorker).");
        }
        jobs.schedule(id);
        return new Started(id, false);
    }

    /** The database run {@code spec} asks for, checked against the database (the engine must be set up too). */
    DatabaseRunner.Plan planFor(String account, RunSpec spec) {
        Settings saved = deps.settings().load(account);
        return plan(new DatabaseRunner(notionOrProblem(saved), engineOrProblem(account, saved, spec, null), runLog(account), deps.prices()), spec);
    }

    /** The prompt and run options saved on the connection, as a form would ask for them. */
    static Map<String, String> savedAsked(Connection connection) {
        Map<String, String> asked = new java.util.LinkedHashMap<>();
        asked.put("prompt", connection.prompt());
        OPTION_FIELDS.forEach(field -> asked.put(field, connection.option(field) == null ? "" : connection.option(field)));
        return asked;
    }

    /**
     * Adds the AI Status and AI Error columns a database connection lacks, so its runs show each row's outcome in
     * Notion; answers the names added (none when it had them).
     */
    public List<String> addStatusColumns(String account, String connectionId) {
        Connection connection = connection(account, connectionId);
        if (connection.type() != Connection.Type.DATABASE) {
            throw RunProblem.of("statusColumns", "Only a database has status columns.");
        }
        try {
            return StatusColumns.addTo(notionOrProblem(deps.settings().load(account)), connection.url());
        } catch (NotionException e) {
            throw RunProblem.notion("statusColumns", e.userMessage());
        } catch (IllegalArgumentException e) {
            throw RunProblem.of("statusColumns", e.getMessage());
        }
    }

    /** The first rows' answers for what was asked, without writing anything (each answer takes a prompt of the plan). */
    public List<DatabaseRunner.PreviewRow> preview(String account, String connectionId, Map<String, String> asked, int rows) {
        Connection connection = connection(account, connectionId);
        RunSpec spec = checked(connection, asked, false);
        Settings saved = deps.settings().load(account);
        DatabaseRunner runner = new DatabaseRunner(notionOrProblem(saved), engineOrProblem(account, saved, spec, null), runLog(account),
                deps.prices());
        return runner.preview(plan(runner, spec), rows);
    }

    public Optional<Run> find(String account, String runId) {
        return deps.runs().find(runId).filter(run -> run.account().equals(account));
    }

    /** The connection's newest run (going or finished), to show when the connection is opened again. */
    public Optional<Run> latest(String account, String connectionId) {
        return deps.runs().latest(account, connectionId);
    }

    /** The run's kept events after {@code afterSeq} (empty for a run that is not the account's). */
    public List<RunEvent> events(String account, String runId, long afterSeq) {
        return find(account, runId).isPresent() ? deps.runs().events(runId, afterSeq, 500) : List.of();
    }

    /**
     * Waits until this server has written events of the run after {@code afterSeq}, or {@code max} has passed (a run
     * executed by another server is seen by asking the store again).
     */
    public void awaitEvents(String runId, long afterSeq, Duration max) throws InterruptedException {
        executor.awaitEvents(runId, afterSeq, max);
    }

    // ---------------------------------------------------------------- checking what was asked

    Connection connection(String account, String connectionId) {
        return deps.connections().apply(account).find(connectionId)
                .orElseThrow(() -> RunProblem.of("connection", "There is no such connection (it may have been deleted)."));
    }

    /** The prompt and options, checked; {@code generate} words the empty prompt for Generate, else for a preview. */
    static RunSpec checked(Connection connection, Map<String, String> asked, boolean generate) {
        RunProblem.Collector problems = new RunProblem.Collector();
        String prompt = asked.getOrDefault("prompt", "");
        if (prompt.isBlank()) {
            problems.add("prompt", !generate ? "Write the prompt first, e.g. \"Translate the topic to Japanese\"."
                    : connection.type() == Connection.Type.PAGE ? "Write what the page should contain, e.g. \"Write me a blog on Notion in 100 words\"."
                    : "Write what each row should get, e.g. \"Translate the topic to Japanese\" (use {{Property}} to insert a row's value).");
        }
        Map<String, String> options = new java.util.LinkedHashMap<>();
        OPTION_FIELDS.forEach(field -> options.put(field, asked.getOrDefault(field, "") == null ? "" : asked.getOrDefault(field, "")));
        String temperature = options.get("temperature").strip();
        if (!temperature.isEmpty() && !validTemperature(temperature)) {
            problems.add("temperature", "The temperature is a number from 0 (focused) to 2 (creative), e.g. 0.7; leave it empty for the default.");
        }
        problems.throwIfAny();
        return new RunSpec(connection.url(), prompt, options);
    }

    private static boolean validTemperature(String text) {
        try {
            double value = Double.parseDouble(text);
            return value >= 0 && value <= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    MeteredEngine engineOrProblem(String account, Settings saved, RunSpec spec, String runId) {
        try {
            return engine(account, saved, spec.optionOrNull("model"), runId);
        } catch (IllegalArgumentException e) {
            throw RunProblem.of("prompt", e.getMessage() + " Open Settings to choose the AI engine.");
        }
    }

    /** The account's Notion client; without a secret, what to save first. */
    NotionClient notionOrProblem(Settings saved) {
        try {
            return notion(saved);
        } catch (NotionException noSecret) {
            throw RunProblem.of("prompt", noSecret.userMessage());
        }
    }

    static DatabaseRunner.Plan plan(DatabaseRunner runner, RunSpec spec) {
        try {
            return runner.plan(databaseJob(spec));
        } catch (NotionException e) {
            throw RunProblem.notion("output", e.userMessage());
        } catch (IllegalArgumentException e) {
            throw RunProblem.of("output", e.getMessage());
        }
    }

    /** The spec as a database job; the {@code output} option holds one property name a line (names may contain commas). */
    private static DatabaseJob databaseJob(RunSpec spec) {
        List<String> outputs = spec.option("output").lines().map(String::strip).filter(name -> !name.isEmpty()).toList();
        return new DatabaseJob(spec.url(), spec.prompt(), List.of(), outputs, spec.optionOrNull("checkbox"), spec.flag("onlyEmpty"), null,
                null, null, spec.optionOrNull("model"), spec.temperature(), spec.flag("allowNewOptions"));
    }

    // ---------------------------------------------------------------- the account's tools

    /** The account's engine, each generation holding a prompt of the account's plan (charged to {@code runId}'s run). */
    MeteredEngine engine(String account, Settings saved, String model, String runId) {
        Quota quota = deps.quota();
        return new MeteredEngine(deps.clients().engine(saved, null, model, null), new MeteredEngine.Allowance() {
            @Override
            public Optional<String> hold() {
                return quota.reserve(account, runId);
            }

            @Override
            public void giveBack(String hold) {
                quota.giveBack(hold);
            }

            @Override
            public void settle(String hold, EngineKind engine, AiResult result) {
                double dollars = deps.prices().of(engine, result.model()).map(price -> price.cost(result.usage())).orElse(0.0);
                quota.settle(hold, result.model(), result.usage().inputTokens(), result.usage().outputTokens(), dollars);
            }

            @Override
            public String usedUpMessage() {
                return quota.usedUpMessage(account);
            }
        });
    }

    NotionClient notion(Settings saved) {
        return deps.clients().notion(saved);
    }

    /** The run log as the account sees it: the local owner shares the command line's keys; members each have their own. */
    RunLog runLog(String account) {
        return account.equals(io.wizzygen.accounts.Accounts.OWNER) ? deps.runLog() : deps.runLog().scopedTo(account);
    }

    /**
     * Stops this worker: runs going here finish the rows already started (the rest stay ticked) and are left due, so
     * they resume when a worker starts again — this one after a restart, or another sharing the store.
     */
    boolean stopping() {
        return executor.stopping();
    }

    RunJobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        executor.stopping(true);
        if (jobs != null) {
            jobs.close();
        }
        executor.close();
    }
}
