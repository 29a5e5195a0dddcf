package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.DatabaseGrid;
import io.wizzygen.notion.NotionException;

/**
 * Add row: a new row of a connected database, created in Notion and answered as one grid row (an htmx fragment the
 * page appends in place), so adding a row costs no reload of the whole grid.
 */
final class RowRoutes {

    private final WebContext app;

    RowRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.post("/connections/{id}/rows", this::add);
    }

    private void add(Context ctx) {
        String account = WebApp.account(ctx);
        Connection c = app.connections(account).find(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("There is no such connection (it may have been deleted)."));
        DatabaseGrid grid;
        String tick;
        DatabaseGrid.Row row;
        try {
            grid = DatabaseGrid.open(app.notion(account), c.url());
            tick = grid.tickProperty(c.option("checkbox"));
            row = grid.addRow(ctx.formParam("title"), tick);
        } catch (NotionException e) {
            refuse(ctx, c, 502, e.userMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(ctx, c, 400, e.getMessage());
            return;
        }
        if (!WebApp.isHtmx(ctx)) {
            ctx.redirect("/connections/" + c.id(), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(app.views().render("fragments/row.jte", "connectionId", c.id(), "row", row,
                "title", grid.titleProperty(), "checkbox", tick == null ? "" : tick, "output", c.option("output") == null ? "" : c.option("output")));
    }

    /** A refused row: for htmx, an answer (200) that puts the reason next to the field instead of a failed request in the console. */
    private void refuse(Context ctx, Connection c, int status, String message) {
        if (WebApp.isHtmx(ctx)) {
            ctx.header("HX-Retarget", "#new-row-error").header("HX-Reswap", "innerHTML").contentType("text/html; charset=utf-8")
                    .result(app.views().render("fragments/message.jte", "ok", false, "message", message));
            return;
        }
        ctx.status(status);
        app.views().page(ctx, "error.jte", "shell", Shell.of("Row not added", "create"), "message",
                "The row was not added to \"" + c.name() + "\": " + message);
    }
}
