package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.AccountException;
import io.wizzygen.accounts.Feedback;

import java.util.List;
import java.util.Map;

/** The Feedback tab: a message and an optional rating; admins read and search everyone's. */
final class FeedbackRoutes {

    private final WebContext app;

    FeedbackRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/feedback", ctx -> show(ctx, Form.empty(), ctx.queryParam("sent") != null ? "Thank you: your feedback is saved." : null, 200));
        routes.post("/feedback", this::send);
    }

    private void show(Context ctx, Form form, String notice, int status) {
        Account me = app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
        String search = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        List<Feedback.Entry> entries = me.admin() ? app.members().feedback().list(search, 200) : List.of();
        Shell shell = Shell.of("Feedback", "feedback");
        ctx.status(status);
        app.views().page(ctx, "feedback.jte", "shell", notice == null ? shell : shell.info(notice), "form", form, "admin", me.admin(),
                "entries", entries, "search", search);
    }

    private void send(Context ctx) {
        Form form = Form.of(Map.of("message", Form.field(ctx, "message"), "rating", Form.field(ctx, "rating")));
        Integer rating = null;
        if (!form.value("rating").isBlank()) {
            try {
                rating = Integer.parseInt(form.value("rating").strip());
            } catch (NumberFormatException e) {
                rating = 0; // refused below with the rule
            }
        }
        try {
            Account me = app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
            app.members().feedback().send(me, form.value("message"), rating);
            ctx.redirect("/feedback?sent=1", HttpStatus.SEE_OTHER);
        } catch (AccountException e) {
            form.fail(e.getMessage().contains("rating") ? "rating" : "message", e.getMessage());
            show(ctx, form, null, 400);
        }
    }
}
