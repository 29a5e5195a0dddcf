package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.connections.Connection;
import io.wizzygen.connections.Connections;
import io.wizzygen.connections.Targets;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.store.Settings;

import java.util.Map;

/** Create: name, type, template (a sample made for you where you choose, or your own link checked as typed) → Next. */
final class CreateRoutes {

    private final WebContext app;
    private final SharedPages pages;

    CreateRoutes(WebContext app) {
        this.app = app;
        this.pages = new SharedPages(app, java.time.Clock.systemUTC());
    }

    void register(RoutesConfig routes) {
        routes.get("/create", ctx -> show(ctx, Form.empty(), 200));
        routes.get("/create/check", this::check);
        routes.get("/create/places", this::places);
        routes.post("/create", this::next);
    }

    /** The "Create the sample in" picker, loaded when the sample is chosen (the Create page itself never waits on Notion). */
    private void places(Context ctx) {
        String selected = ctx.queryParam("selected") == null ? "" : ctx.queryParam("selected");
        ctx.contentType("text/html; charset=utf-8").result(app.views().render("fragments/sample-places.jte",
                "places", pages.of(WebApp.account(ctx)), "selected", selected));
    }

    private void show(Context ctx, Form form, int status) {
        Settings saved = app.settingsOf(WebApp.account(ctx));
        Shell shell = Shell.of("Create", "create");
        if (!app.clients().hasNotionSecret(saved)) {
            shell = shell.warn("Wizzygen has no Notion secret yet: add it in Settings before creating a connection.");
        }
        ctx.status(status);
        app.views().page(ctx, "create.jte", "shell", shell, "form", form);
    }


    /** The URL field's check as typed: only the link's form, so typing costs no Notion request. */
    private void check(Context ctx) {
        String url = ctx.queryParam("url") == null ? "" : ctx.queryParam("url").strip();
        String message;
        boolean ok;
        if (url.isEmpty()) {
            ok = true;
            message = "Paste the link of a Notion page or database shared with your integration (••• → Copy link).";
        } else {
            ok = NotionIds.tryParse(url).isPresent();
            message = ok ? "Looks like a Notion link; Next checks that Wizzygen can open it."
                    : "This is not a Notion link. Copy it in Notion with ••• → Copy link; it looks like " + NotionIds.EXAMPLE;
        }
        ctx.contentType("text/html; charset=utf-8").result(app.views().render("fragments/message.jte", "ok", ok, "message", message));
    }

    private void next(Context ctx) {
        String account = WebApp.account(ctx);
        Form form = Form.of(Map.of("name", Form.field(ctx, "name"), "type", Form.field(ctx, "type"), "template", Form.field(ctx, "template"),
                "parentPage", Form.field(ctx, "parentPage"), "url", Form.field(ctx, "url")));
        Connection.nameProblem(form.value("name")).ifPresent(problem -> form.fail("name", problem));
        Connection.Type type;
        try {
            type = Connection.Type.fromLabel(form.value("type"));
        } catch (IllegalArgumentException e) {
            form.fail("type", e.getMessage());
            show(ctx, form, 400);
            return;
        }
        boolean sample = form.value("template").equals("sample");
        if (!sample && form.value("url").isBlank()) {
            form.fail("url", "Paste the link of your " + (type == Connection.Type.PAGE ? "page" : "database")
                    + ", or choose \"Create the sample for me\". Example: " + NotionIds.EXAMPLE);
        } else if (!sample && NotionIds.tryParse(form.value("url")).isEmpty()) {
            form.fail("url", "This is not a Notion link. Copy it in Notion with ••• → Copy link; it looks like " + NotionIds.EXAMPLE);
        }
        if (sample && form.value("parentPage").isBlank()) {
            form.fail("template", "Choose the page to create the sample in (share a page with the integration first), or paste your own link.");
        }
        if (form.hasErrors()) {
            show(ctx, form, 400);
            return;
        }
        Settings saved = app.settingsOf(account);
        Targets.Target target;
        try {
            Targets targets = new Targets(app.clients().notion(saved));
            String url = sample ? (type == Connection.Type.PAGE ? targets.createSamplePage(form.value("parentPage"))
                    : targets.createSampleDatabase(form.value("parentPage"))) : form.value("url");
            if (sample) {
                pages.forget(account);
            }
            target = targets.check(url, type);
        } catch (NotionException e) {
            form.fail(sample ? "template" : "url", e.userMessage());
            show(ctx, form, 502);
            return;
        } catch (IllegalArgumentException e) {
            form.fail(sample ? "template" : "url", e.getMessage());
            show(ctx, form, 400);
            return;
        }
        Connections connections = app.connections(account);
        Connections.Saved created = connections.save(Connection.create(form.value("name").strip(), type, target.url()));
        ctx.redirect("/connections/" + created.connection().id() + (created.notice() == null ? "" : "?unsynced=1"), HttpStatus.SEE_OTHER);
    }
}
