package io.wizzygen.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.wizzygen.runs.Run;
import io.wizzygen.runs.RunEvent;

import java.time.Duration;
import java.util.List;

/**
 * A run's progress, read from the store (so a reload, a restart or another server shows the same): server-sent
 * events (the kept events replayed, then new ones as they are written) and a JSON snapshot.
 */
final class RunRoutes {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How long the stream waits for news of a run executed here before it asks the store again (another server's run). */
    private static final Duration POLL = Duration.ofMillis(500);

    private final WebContext app;

    RunRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.sse("/runs/{id}/events", client -> {
            String account = WebApp.account(client.ctx());
            String runId = client.ctx().pathParam("id");
            if (app.runs().find(account, runId).isEmpty()) {
                client.sendEvent("done", "{\"ok\":false,\"message\":\"This run is not known (it may have been deleted). Reload the page.\"}");
                client.close();
                return;
            }
            follow(client, account, runId);
        });
        routes.get("/runs/{id}", ctx -> {
            Run run = app.runs().find(WebApp.account(ctx), ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("No such run."));
            ObjectNode body = JSON.createObjectNode().put("id", run.id()).put("finished", run.finished()).put("status", run.status().label())
                    .put("written", run.written()).put("failed", run.failed()).put("notReached", run.notReached()).put("resumes", run.resumes());
            ArrayNode events = body.putArray("events");
            for (RunEvent event : app.runs().events(run.account(), run.id(), 0)) {
                events.addObject().put("name", event.name()).set("data", JSON.readTree(event.data()));
            }
            ctx.contentType("application/json").result(body.toString());
        });
    }

    /** Sends the run's events until its "done" event was sent or the browser goes away. */
    private void follow(SseClient client, String account, String runId) {
        long after = 0;
        try {
            while (!client.terminated()) {
                List<RunEvent> events = app.runs().events(account, runId, after);
                for (RunEvent event : events) {
                    client.sendEvent(event.name(), event.data());
                    after = event.seq();
                    if (event.name().equals("done")) {
                        return;
                    }
                }
                if (events.isEmpty()) {
                    app.runs().awaitEvents(runId, after, POLL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
