package io.wizzygen.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** A run's progress: server-sent events (past events replayed, then live ones) and a JSON snapshot. */
final class RunRoutes {

    private final WebContext app;

    RunRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.sse("/runs/{id}/events", client -> {
            Runs.Run run = app.runs().find(WebApp.account(client.ctx()), client.ctx().pathParam("id")).orElse(null);
            if (run == null) {
                client.sendEvent("done", "{\"ok\":false,\"message\":\"This run is not known (the app was restarted?). Reload the page.\"}");
                client.close();
                return;
            }
            follow(client, run);
        });
        routes.get("/runs/{id}", ctx -> {
            Runs.Run run = app.runs().find(WebApp.account(ctx), ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("No such run."));
            ObjectNode body = Runs.JSON.createObjectNode().put("id", run.id).put("finished", run.finished());
            ArrayNode events = body.putArray("events");
            for (Runs.Event event : run.events()) {
                events.addObject().put("name", event.name()).set("data", Runs.JSON.readTree(event.data()));
            }
            ctx.contentType("application/json").result(body.toString());
        });
    }

    /** Sends the run's events until it is done or the browser goes away. */
    private static void follow(SseClient client, Runs.Run run) {
        CountDownLatch over = new CountDownLatch(1);
        Consumer<Runs.Event> send = event -> {
            if (!client.terminated()) {
                client.sendEvent(event.name(), event.data());
            }
            if (event.name().equals("done")) {
                over.countDown();
            }
        };
        client.onClose(over::countDown);
        if (run.follow(send)) {
            over.countDown();
        }
        try {
            over.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.unfollow(send);
            client.close();
        }
    }
}
