package io.wizzygen.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs in the background, each with the events it has sent so far, so a page opened (or reloaded) mid-run
 * replays them and then follows the live ones over server-sent events.
 */
final class Runs implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    /** One event: its SSE name and JSON data. */
    record Event(String name, String data) {
    }

    /** A run: its owner and connection, its events, and a cancel flag the task watches. */
    static final class Run {
        final String id = UUID.randomUUID().toString();
        final String account;
        final String connectionId;
        final AtomicBoolean cancel = new AtomicBoolean();
        private final List<Event> events = new ArrayList<>();
        private final List<Consumer<Event>> listeners = new ArrayList<>();
        private boolean finished;

        Run(String account, String connectionId) {
            this.account = account;
            this.connectionId = connectionId;
        }

        void emit(String name, ObjectNode data) {
            Event event = new Event(name, data.toString());
            List<Consumer<Event>> now;
            synchronized (this) {
                events.add(event);
                finished |= name.equals("done");
                now = List.copyOf(listeners);
            }
            now.forEach(listener -> listener.accept(event));
        }

        /** Replays the events so far to {@code listener}, then hands it each new one; answers whether the run is over. */
        boolean follow(Consumer<Event> listener) {
            List<Event> past;
            synchronized (this) {
                past = List.copyOf(events);
                if (!finished) {
                    listeners.add(listener);
                }
            }
            past.forEach(listener);
            synchronized (this) {
                return finished;
            }
        }

        void unfollow(Consumer<Event> listener) {
            synchronized (this) {
                listeners.remove(listener);
            }
        }

        synchronized boolean finished() {
            return finished;
        }

        synchronized List<Event> events() {
            return List.copyOf(events);
        }
    }

    interface Task {
        void run(Run run) throws Exception;
    }

    /** Starts {@code task} in the background; whatever it throws ends the run with a "done" event carrying the error. */
    Run start(String account, String connectionId, Task task, Consumer<Exception> onError) {
        Run run = new Run(account, connectionId);
        runs.put(run.id, run);
        workers.submit(() -> {
            try {
                task.run(run);
            } catch (Exception e) {
                onError.accept(e);
            } finally {
                if (!run.finished()) {
                    run.emit("done", JSON.createObjectNode().put("ok", false).put("message", "The run ended unexpectedly."));
                }
            }
        });
        return run;
    }

    /** The run, if it exists and belongs to {@code account}. */
    Optional<Run> find(String account, String id) {
        return Optional.ofNullable(runs.get(id)).filter(run -> run.account.equals(account));
    }

    /** The newest unfinished run of a connection, if any. */
    Optional<Run> running(String account, String connectionId) {
        return runs.values().stream().filter(run -> run.account.equals(account) && run.connectionId.equals(connectionId) && !run.finished())
                .findFirst();
    }

    @Override
    public void close() {
        runs.values().forEach(run -> run.cancel.set(true));
        workers.shutdown();
    }
}
