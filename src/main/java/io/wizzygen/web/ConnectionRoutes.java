package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.Connections;
import io.wizzygen.connections.DatabaseGrid;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.runs.Run;
import io.wizzygen.runs.RunProblem;
import io.wizzygen.runs.RunService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections: the list (sort, filter), resuming one in Create (with its latest run), Generate, its rows, and Delete. */
final class ConnectionRoutes {

    private final WebContext app;

    ConnectionRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/connections", this::list);
        routes.get("/connections/{id}", ctx -> resume(ctx, null, null, 200));
        routes.post("/connections/{id}/generate", this::generate);
        routes.post("/connections/{id}/preview", this::preview);
        routes.post("/connections/{id}/status-columns", this::addStatusColumns);
        routes.post("/connections/{id}/rows/{rowId}", this::editRow);
        routes.get("/connections/{id}/delete", ctx -> {
            Connection c = connection(ctx);
            app.views().page(ctx, "confirm.jte", "shell", Shell.of("Delete connection", "connections"),
                    "question", "Delete \"" + c.name() + "\"?", "detail", "The connection is removed here and its row in the Connections "
                            + "database is moved to Notion's trash. The Notion " + (c.type() == Connection.Type.PAGE ? "page" : "database")
                            + " itself is not touched.", "action", "/connections/" + c.id() + "/delete", "button", "Delete",
                    "cancelHref", "/connections");
        });
        routes.post("/connections/{id}/delete", ctx -> {
            Connection c = connection(ctx);
            Connections.Deleted deleted;
            try {
                deleted = app.connections(WebApp.account(ctx)).delete(c.id());
            } catch (NotionException e) {
                ctx.status(502);
                app.views().page(ctx, "error.jte", "shell", Shell.of("Not deleted", "connections"),
                        "message", "\"" + c.name() + "\" was not deleted: Notion refused to trash its row. " + e.userMessage());
                return;
            }
            if (deleted.notionUntouched() != null) {
                app.views().page(ctx, "done.jte", "shell", Shell.of("Deleted here", "connections"), "message", "\"" + c.name()
                        + "\" is deleted on this server. Notion was not touched, so its row in the Connections database stays: "
                        + deleted.notionUntouched(), "nextHref", "/connections", "nextLabel", "Back to Connections");
                return;
            }
            ctx.redirect("/connections?deleted=1", HttpStatus.SEE_OTHER);
        });
    }

    private void list(Context ctx) {
        Connections.Listing listing = app.connections(WebApp.account(ctx)).list();
        String sort = ctx.queryParam("sort") != null && List.of("name", "type", "url", "prompt", "status", "lastRun").contains(ctx.queryParam("sort"))
                ? ctx.queryParam("sort") : "name";
        boolean ascending = !"desc".equals(ctx.queryParam("dir"));
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        String type = ctx.queryParam("type") == null ? "" : ctx.queryParam("type");
        Shell shell = Shell.of("Connections", "connections");
        if (listing.notice() != null) {
            shell = shell.warn(listing.notice());
        } else if (ctx.queryParam("deleted") != null) {
            shell = shell.info("Connection deleted; its row is in Notion's trash.");
        }
        app.views().page(ctx, "connections.jte", "shell", shell, "connections", listing.view(sort, ascending, q, type), "sort", sort,
                "ascending", ascending, "q", q, "type", type, "watches", app.runs().watches().ofAccount(WebApp.account(ctx)));
    }

    private Connection connection(Context ctx) {
        return app.connections(WebApp.account(ctx)).find(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("There is no such connection (it may have been deleted)."));
    }

    /** The connection in Create: its saved prompt and options (or what was just typed), and its run if one is going. */
    private void resume(Context ctx, Form typed, List<DatabaseRunner.PreviewRow> preview, int status) {
        String account = WebApp.account(ctx);
        Connection c = connection(ctx);
        Form form = typed != null ? typed : saved(c);
        String runId = ctx.queryParam("run") != null ? ctx.queryParam("run")
                : app.runs().latest(account, c.id()).map(Run::id).orElse(null);
        Shell shell = Shell.of(c.name(), "create");
        if (ctx.queryParam("columns") != null) {
            shell = shell.info("Added the AI Status and AI Error columns: each run now shows every row's outcome there, in Notion too.");
        }
        if (ctx.queryParam("joined") != null) {
            shell = shell.info("This connection's run was already going: here is its progress (press Generate again when it has finished).");
        }
        if (ctx.queryParam("unsynced") != null) {
            shell = shell.warn("Saved on this machine; the Connections database in Notion could not be updated (check the link in Settings).");
        }
        if (ctx.queryParam("keep") != null) {
            shell = shell.info("on".equals(ctx.queryParam("keep")) ? "Keep running is on: rows ticked in Notion are generated on their own."
                    : "Keep running is off.");
        }
        if (c.goneFromNotion()) {
            shell = shell.warn("This connection's row was deleted in the Connections database in Notion.");
        }
        ctx.status(status);
        if (c.type() == Connection.Type.PAGE) {
            app.views().page(ctx, "connection-page.jte", "shell", shell, "connection", c, "form", form, "runId", runId);
            return;
        }
        DatabaseGrid grid = null;
        List<DatabaseGrid.Row> rows = List.of();
        try {
            grid = DatabaseGrid.open(notion(account), c.url());
            rows = grid.rows();
            if (form.value("output").isEmpty() && !grid.outputProperties().isEmpty()) {
                form.with("output", grid.outputProperties().stream().filter(p -> !p.equals("AI Error")).findFirst().orElse(grid.outputProperties().getFirst()));
            }
            if (form.value("checkbox").isEmpty() && !grid.properties("checkbox").isEmpty()) {
                form.with("checkbox", grid.properties("checkbox").getFirst());
            }
        } catch (NotionException e) {
            shell = shell.warn("The database cannot be read from Notion: " + e.userMessage());
        } catch (IllegalArgumentException e) {
            shell = shell.warn(e.getMessage());
        }
        app.views().page(ctx, "connection-database.jte", "shell", shell, "connection", c, "form", form, "grid", grid, "rows", rows,
                "preview", preview, "runId", runId, "watch", app.runs().watches().of(account, c.id()).orElse(null));
    }

    private static Form saved(Connection c) {
        Form form = Form.empty().with("prompt", c.prompt());
        RunService.OPTION_FIELDS.forEach(field -> form.with(field, c.option(field)));
        return form;
    }

    /** What was typed; the output picker may send several properties, kept one a line (a name may hold a comma). */
    private static Form typed(Context ctx) {
        Form form = Form.empty().with("prompt", ctx.formParam("prompt"));
        RunService.OPTION_FIELDS.forEach(field -> form.with(field, ctx.formParam(field)));
        return form.with("output", String.join("\n", ctx.formParams("output")));
    }

    /** What was typed, as the runs room takes it. */
    private static Map<String, String> asked(Form form) {
        Map<String, String> asked = new LinkedHashMap<>();
        asked.put("prompt", form.value("prompt"));
        RunService.OPTION_FIELDS.forEach(field -> asked.put(field, form.value(field)));
        return asked;
    }

    /** The run's problems shown on the form: 502 when Notion refused or could not be reached, else 400. */
    private void refused(Context ctx, Form form, RunProblem problem) {
        problem.fields().forEach((field, message) -> form.fail(field.equals("connection") ? "prompt" : field, message));
        resume(ctx, form, null, problem.fromNotion() ? 502 : 400);
    }

    private NotionClient notion(String account) {
        return app.notion(account);
    }

    private void generate(Context ctx) {
        Connection c = connection(ctx);
        Form form = typed(ctx);
        try {
            RunService.Started started = app.runs().start(WebApp.account(ctx), c.id(), asked(form));
            ctx.redirect("/connections/" + c.id() + "?run=" + started.runId() + (started.joined() ? "&joined=1" : ""), HttpStatus.SEE_OTHER);
        } catch (RunProblem problem) {
            refused(ctx, form, problem);
        }
    }

    private void preview(Context ctx) {
        Connection c = connection(ctx);
        Form form = typed(ctx);
        try {
            List<DatabaseRunner.PreviewRow> preview = app.runs().preview(WebApp.account(ctx), c.id(), asked(form), 3);
            resume(ctx, form, preview, 200);
        } catch (RunProblem problem) {
            refused(ctx, form, problem);
        }
    }

    /** Adds the AI Status / AI Error columns the database lacks; the connection shows again, saying what was added. */
    private void addStatusColumns(Context ctx) {
        Connection c = connection(ctx);
        try {
            List<String> added = app.runs().addStatusColumns(WebApp.account(ctx), c.id());
            ctx.redirect("/connections/" + c.id() + (added.isEmpty() ? "" : "?columns=added"), HttpStatus.SEE_OTHER);
        } catch (RunProblem problem) {
            refused(ctx, saved(c), problem);
        }
    }

    /** One cell saved to Notion: the row's title (field=title, value) or its tick (field=tick, ticked=on). */
    private void editRow(Context ctx) {
        String account = WebApp.account(ctx);
        Connection c = connection(ctx);
        String rowId = ctx.pathParam("rowId");
        try {
            DatabaseGrid grid = DatabaseGrid.open(notion(account), c.url());
            if ("tick".equals(ctx.formParam("field"))) {
                String checkbox = c.option("checkbox") != null && !c.option("checkbox").isEmpty() ? c.option("checkbox")
                        : grid.properties("checkbox").stream().findFirst().orElseThrow(() -> new IllegalArgumentException("This database has no checkbox property."));
                grid.updateRow(rowId, null, null, checkbox, "on".equals(ctx.formParam("ticked")));
            } else {
                grid.updateRow(rowId, grid.titleProperty(), ctx.formParam("value"), null, false);
            }
        } catch (NotionException e) {
            ctx.status(e.status() == 404 ? 404 : 502).result(e.userMessage());
            return;
        } catch (java.util.NoSuchElementException e) {
            ctx.status(404).result(e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            ctx.status(400).result(e.getMessage());
            return;
        }
        if (WebApp.isHtmx(ctx)) {
            ctx.status(204);
        } else {
            ctx.redirect("/connections/" + c.id(), HttpStatus.SEE_OTHER);
        }
    }
}
