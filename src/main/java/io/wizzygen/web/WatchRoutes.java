package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.runs.RunProblem;
import io.wizzygen.runs.RunService;

import java.util.LinkedHashMap;
import java.util.Map;

/** The "Keep running" switch of a database connection: on (with the prompt and options of the form) and off. */
final class WatchRoutes {

    private final WebContext app;

    WatchRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.post("/connections/{id}/keep-running", this::on);
        routes.post("/connections/{id}/keep-running/off", ctx -> {
            app.runs().watches().stop(WebApp.account(ctx), ctx.pathParam("id"));
            ctx.redirect("/connections/" + ctx.pathParam("id") + "?keep=off", HttpStatus.SEE_OTHER);
        });
    }

    private void on(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            app.runs().watches().keepRunning(WebApp.account(ctx), id, asked(ctx), "on".equals(ctx.formParam("newRows")),
                    ctx.formParam("every"));
            ctx.redirect("/connections/" + id + "?keep=on", HttpStatus.SEE_OTHER);
        } catch (RunProblem problem) {
            ctx.status(problem.fromNotion() ? 502 : 400);
            app.views().page(ctx, "done.jte", "shell", Shell.of("Not switched on", "create").warn("Keep running was not switched on."),
                    "message", problem.getMessage(), "nextHref", "/connections/" + id, "nextLabel", "Back to the connection");
        }
    }

    private static Map<String, String> asked(Context ctx) {
        Map<String, String> asked = new LinkedHashMap<>();
        asked.put("prompt", Form.field(ctx, "prompt"));
        RunService.OPTION_FIELDS.forEach(field -> asked.put(field, Form.field(ctx, field)));
        return asked;
    }
}
