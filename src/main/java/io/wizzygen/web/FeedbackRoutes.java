package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.AccountException;
import io.wizzygen.accounts.Feedback;
import io.wizzygen.connections.FeedbackDatabase;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionIds;

import java.util.List;
import java.util.Map;

/**
 * The Feedback tab: a message and an optional rating; admins read and search everyone's, and may have every new
 * message copied as a row into a Notion database of theirs (written in the background with their own secret).
 */
final class FeedbackRoutes {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FeedbackRoutes.class);

    private final WebContext app;

    FeedbackRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/feedback", ctx -> show(ctx, Form.empty(), flash(ctx), 200));
        routes.post("/feedback", this::send);
        routes.post("/feedback/notion", this::chooseCopy);
    }

    private static String flash(Context ctx) {
        if (ctx.queryParam("sent") != null) {
            return "Thank you: your feedback is saved.";
        }
        return ctx.queryParam("copying") != null ? "Saved: new feedback is copied to that Notion database from now on." : null;
    }

    private void show(Context ctx, Form form, String notice, int status) {
        Account me = me(ctx);
        String search = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        List<Feedback.Entry> entries = me.admin() ? app.members().feedback().list(search, 200) : List.of();
        String copyLink = me.admin() ? app.members().feedback().copy().map(Feedback.Copy::link).orElse("") : "";
        if (!form.values().containsKey("copyLink")) {
            form.with("copyLink", copyLink);
        }
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
            Feedback.Entry entry = app.members().feedback().send(me(ctx), form.value("message"), rating);
            app.members().feedback().copy().ifPresent(copy -> Thread.ofVirtual().name("wizzygen-feedback-copy").start(() -> copyToNotion(copy, entry)));
            ctx.redirect("/feedback?sent=1", HttpStatus.SEE_OTHER);
        } catch (AccountException e) {
            form.fail(e.about() == AccountException.About.RATING ? "rating" : "message", e.getMessage());
            show(ctx, form, null, 400);
        }
    }

    /** Best effort: the message is saved already; a Notion failure is logged for the operator, never shown to the sender. */
    private void copyToNotion(Feedback.Copy copy, Feedback.Entry entry) {
        try {
            FeedbackDatabase.open(app.clients().notion(app.settingsOf(copy.adminId())), copy.link())
                    .add(entry.message(), entry.email(), entry.rating(), entry.created());
        } catch (NotionException e) {
            LOG.warn("Feedback {} was saved but not copied to Notion: {}", entry.id(), e.userMessage());
        } catch (RuntimeException e) {
            LOG.warn("Feedback {} was saved but not copied to Notion: {}", entry.id(), e.getMessage());
        }
    }

    private void chooseCopy(Context ctx) {
        Account me = me(ctx);
        if (!me.admin()) {
            throw new ForbiddenResponse("Only an admin can choose where feedback is copied.");
        }
        Form form = Form.of(Map.of("copyLink", Form.field(ctx, "copyLink").strip()));
        String link = form.value("copyLink");
        if (!link.isEmpty()) {
            try {
                NotionIds.parse(link);
                FeedbackDatabase.open(app.notion(me.id()), link);
            } catch (NotionException e) {
                form.fail("copyLink", e.userMessage());
            } catch (IllegalArgumentException e) {
                form.fail("copyLink", e.getMessage().startsWith("The feedback database") ? e.getMessage()
                        : "This is not a Notion link. Copy the database's link in Notion (••• → Copy link), e.g. " + NotionIds.EXAMPLE);
            }
        }
        if (form.hasErrors()) {
            show(ctx, form, null, 400);
            return;
        }
        app.members().feedback().copyTo(me, link);
        ctx.redirect(link.isEmpty() ? "/feedback" : "/feedback?copying=1", HttpStatus.SEE_OTHER);
    }

    private Account me(Context ctx) {
        return app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
    }
}
