package io.wizzygen.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.wizzygen.ai.AiException;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.Connections;
import io.wizzygen.connections.DatabaseGrid;
import io.wizzygen.generation.DatabaseJob;
import io.wizzygen.generation.DatabaseRunner;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.store.Settings;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections: the list (sort, filter), resuming one in Create, its runs, its rows, and Delete. */
final class ConnectionRoutes {

    private static final List<String> OPTION_FIELDS = List.of("mode", "withPageText", "model", "temperature", "output", "checkbox", "onlyEmpty");

    private final WebContext app;

    ConnectionRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/connections", this::list);
        routes.get("/connections/{id}", ctx -> resume(ctx, null, null, 200));
        routes.post("/connections/{id}/generate", this::generate);
        routes.post("/connections/{id}/preview", this::preview);
        routes.post("/connections/{id}/rows", this::addRow);
        routes.post("/connections/{id}/rows/{rowId}", this::editRow);
        routes.get("/connections/{id}/delete", ctx -> {
            Connection c = connection(ctx);
            app.views().page(ctx, "confirm.jte", "shell", Shell.of("Delete connection", "connections"),
                    "question", "Delete \"" + c.name() + "\"?", "detail", "The connection is removed here and its row in the Connections "
                            + "database is moved to Notion's trash. The " + c.type().label().toLowerCase(java.util.Locale.ROOT)
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
                "ascending", ascending, "q", q, "type", type);
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
                : app.runs().running(account, c.id()).map(run -> run.id).orElse(null);
        Shell shell = Shell.of(c.name(), "create");
        if (ctx.queryParam("unsynced") != null) {
            shell = shell.warn("Saved on this machine; the Connections database in Notion could not be updated (check the link in Settings).");
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
                "preview", preview, "runId", runId);
    }

    private static Form saved(Connection c) {
        Form form = Form.empty().with("prompt", c.prompt());
        OPTION_FIELDS.forEach(field -> form.with(field, c.option(field)));
        return form;
    }

    private static Form typed(Context ctx) {
        Form form = Form.empty().with("prompt", ctx.formParam("prompt"));
        OPTION_FIELDS.forEach(field -> form.with(field, ctx.formParam(field)));
        return form;
    }

    private NotionClient notion(String account) {
        return app.notion(account);
    }

    private void generate(Context ctx) {
        String account = WebApp.account(ctx);
        Connection c = connection(ctx);
        Form form = typed(ctx);
        if (form.value("prompt").isBlank()) {
            form.fail("prompt", c.type() == Connection.Type.PAGE ? "Write what the page should contain, e.g. \"Write me a blog on Notion in 100 words\"."
                    : "Write what each row should get, e.g. \"Translate the topic to Japanese\" (use {{Property}} to insert a row's value).");
        }
        Double temperature = temperature(form);
        if (form.hasErrors()) {
            resume(ctx, form, null, 400);
            return;
        }
        if (app.runs().running(account, c.id()).isPresent()) {
            form.fail("prompt", "A run of this connection is still going; wait for it to finish.");
            resume(ctx, form, null, 409);
            return;
        }
        Map<String, String> options = new LinkedHashMap<>();
        OPTION_FIELDS.forEach(field -> options.put(field, form.value(field)));
        Connections connections = app.connections(account);
        Connection withPrompt = connections.save(c.withPrompt(form.value("prompt"), options)).connection();
        Settings saved = app.settingsOf(account);
        MeteredEngine engine;
        try {
            engine = app.engine(account, saved, form.value("model"));
        } catch (IllegalArgumentException e) {
            form.fail("prompt", e.getMessage() + " Open Settings to choose the AI engine.");
            resume(ctx, form, null, 400);
            return;
        }
        NotionClient notion = app.clients().notion(saved);
        Runs.Run run;
        if (c.type() == Connection.Type.PAGE) {
            PageGenerator.Job job = new PageGenerator.Job(c.url(), form.value("prompt"), form.value("mode").equals("replace"),
                    form.value("withPageText").equals("on"), null, temperature);
            run = app.runs().start(account, c.id(), r -> runPage(r, connections, withPrompt, notion, engine, job), e -> { });
        } else {
            DatabaseRunner runner = new DatabaseRunner(notion, engine, app.runLogOf(account), app.prices());
            DatabaseRunner.Plan plan;
            try {
                plan = runner.plan(new DatabaseJob(c.url(), form.value("prompt"), List.of(), blankToNull(form.value("output")),
                        blankToNull(form.value("checkbox")), form.value("onlyEmpty").equals("on"), null, null, null, null, temperature));
            } catch (NotionException e) {
                form.fail("output", e.userMessage());
                resume(ctx, form, null, 502);
                return;
            } catch (IllegalArgumentException e) {
                form.fail("output", e.getMessage());
                resume(ctx, form, null, 400);
                return;
            }
            run = app.runs().start(account, c.id(), r -> runDatabase(r, connections, withPrompt, runner, plan, engine), e -> { });
        }
        ctx.redirect("/connections/" + c.id() + "?run=" + run.id, HttpStatus.SEE_OTHER);
    }

    private static Double temperature(Form form) {
        String text = form.value("temperature").strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 2) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        form.fail("temperature", "The temperature is a number from 0 (focused) to 2 (creative), e.g. 0.7; leave it empty for the default.");
        return null;
    }

    private void runPage(Runs.Run run, Connections connections, Connection c, NotionClient notion, MeteredEngine engine, PageGenerator.Job job) {
        ObjectNode start = Runs.JSON.createObjectNode().put("engine", engine.label());
        run.emit("start", start);
        try {
            PageGenerator.Outcome outcome = new PageGenerator(notion, engine, app.prices()).run(job, event -> {
                switch (event) {
                    case PageGenerator.Event.Text text -> run.emit("text", Runs.JSON.createObjectNode().put("piece", text.piece()));
                    case PageGenerator.Event.BlocksWritten blocks -> run.emit("blocks", Runs.JSON.createObjectNode().put("total", blocks.total()));
                }
            });
            connections.save(c.withRun("Done", Instant.now()));
            run.emit("done", Runs.JSON.createObjectNode().put("ok", true).put("url", outcome.page().url())
                    .put("message", outcome.blocksWritten() + " blocks written to \"" + outcome.page().title() + "\" in "
                            + outcome.appendCalls() + " append requests; " + outcome.cost().tokens() + " tokens (" + outcome.cost().describe() + ")."));
        } catch (AiException e) {
            finishFailed(run, connections, c, e.userMessage(), engine.usedUp());
        } catch (NotionException e) {
            finishFailed(run, connections, c, e.userMessage(), false);
        } catch (IllegalArgumentException e) {
            finishFailed(run, connections, c, e.getMessage(), false);
        }
    }

    private void runDatabase(Runs.Run run, Connections connections, Connection c, DatabaseRunner runner, DatabaseRunner.Plan plan,
                             MeteredEngine engine) {
        run.emit("start", Runs.JSON.createObjectNode().put("output", plan.output().name()));
        try {
            DatabaseRunner.Summary summary = runner.run(plan, event -> {
                switch (event) {
                    case DatabaseRunner.RowEvent.Started s -> run.emit("row", row(s.rowId(), s.title(), "running"));
                    case DatabaseRunner.RowEvent.Written w -> run.emit("row", totals(row(w.rowId(), w.title(), "written").put("output", w.output()), w.totals()));
                    case DatabaseRunner.RowEvent.Failed f -> run.emit("row", totals(row(f.rowId(), f.title(),
                            engine.usedUp() && f.reason().equals(engine.usedUpMessage()) ? "not reached" : "failed").put("reason", f.reason()), f.totals()));
                }
            }, run.cancel);
            // Rows a stopped run never reached carry the stop's reason: they did not fail, they wait (still ticked).
            List<DatabaseRunner.RowEvent.Failed> failures = summary.failed().stream()
                    .filter(f -> summary.stoppedBecause() == null || !f.reason().equals(summary.stoppedBecause())).toList();
            int notReached = summary.failed().size() - failures.size();
            String status = failures.isEmpty() && summary.stoppedBecause() == null ? "Done" : summary.written() > 0 ? "Partly failed" : "Failed";
            connections.save(c.withRun(status, Instant.now()));
            String message = summary.written() + " rows written, " + failures.size() + " failed" + (notReached > 0 ? ", " + notReached + " not reached" : "")
                    + "; " + summary.cost().tokens() + " tokens (" + summary.cost().describe() + "); "
                    + String.format(java.util.Locale.ROOT, "%.1f s", summary.elapsed().toMillis() / 1000.0) + "."
                    + (summary.stoppedBecause() != null ? " Stopped: " + summary.stoppedBecause() + (engine.usedUp() ? "" : " Rows not written stay ticked.") : "")
                    + (failures.isEmpty() ? "" : " Failed rows stay ticked: fix the cause and press Retry failed.");
            ObjectNode done = Runs.JSON.createObjectNode().put("ok", failures.isEmpty() && summary.stoppedBecause() == null)
                    .put("written", summary.written()).put("failed", failures.size()).put("notReached", notReached).put("message", message);
            run.emit("done", engine.usedUp() ? done.put("upgrade", "/upgrade") : done);
        } catch (NotionException e) {
            finishFailed(run, connections, c, e.userMessage(), false);
        }
    }

    private static ObjectNode row(String rowId, String title, String state) {
        return Runs.JSON.createObjectNode().put("rowId", rowId).put("title", title).put("state", state);
    }

    private static ObjectNode totals(ObjectNode node, DatabaseRunner.Totals totals) {
        return node.put("written", totals.written()).put("failed", totals.failed()).put("tokens", totals.cost().tokens())
                .put("cost", totals.cost().describe());
    }

    private void finishFailed(Runs.Run run, Connections connections, Connection c, String message, boolean usedUp) {
        connections.save(c.withRun("Failed", Instant.now()));
        ObjectNode done = Runs.JSON.createObjectNode().put("ok", false).put("message", message);
        run.emit("done", usedUp ? done.put("upgrade", "/upgrade") : done);
    }

    private void preview(Context ctx) {
        String account = WebApp.account(ctx);
        Connection c = connection(ctx);
        Form form = typed(ctx);
        if (form.value("prompt").isBlank()) {
            form.fail("prompt", "Write the prompt first, e.g. \"Translate the topic to Japanese\".");
            resume(ctx, form, null, 400);
            return;
        }
        Double temperature = temperature(form);
        Settings saved = app.settingsOf(account);
        try {
            DatabaseRunner runner = new DatabaseRunner(app.clients().notion(saved), app.engine(account, saved, null), app.runLogOf(account), app.prices());
            DatabaseRunner.Plan plan = runner.plan(new DatabaseJob(c.url(), form.value("prompt"), List.of(), blankToNull(form.value("output")),
                    blankToNull(form.value("checkbox")), form.value("onlyEmpty").equals("on"), null, null, null, null, temperature));
            resume(ctx, form, runner.preview(plan, 3), 200);
        } catch (NotionException e) {
            form.fail("output", e.userMessage());
            resume(ctx, form, null, 502);
        } catch (IllegalArgumentException e) {
            form.fail("output", e.getMessage());
            resume(ctx, form, null, 400);
        }
    }

    private void addRow(Context ctx) {
        String account = WebApp.account(ctx);
        Connection c = connection(ctx);
        try {
            DatabaseGrid grid = DatabaseGrid.open(notion(account), c.url());
            String checkbox = grid.properties("checkbox").isEmpty() ? null
                    : c.option("checkbox") != null && !c.option("checkbox").isEmpty() ? c.option("checkbox") : grid.properties("checkbox").getFirst();
            grid.addRow(ctx.formParam("title"), checkbox);
        } catch (NotionException e) {
            resume(ctx, saved(c).fail("newRow", e.userMessage()), null, 502);
            return;
        } catch (IllegalArgumentException e) {
            resume(ctx, saved(c).fail("newRow", e.getMessage()), null, 400);
            return;
        }
        ctx.redirect("/connections/" + c.id(), HttpStatus.SEE_OTHER);
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
