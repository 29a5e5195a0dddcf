package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.connections.Targets;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.Settings;

import java.util.Map;

/** Settings: the form, Save, Clear (with confirmation), the Test buttons, the model list, "Create it for me". */
final class SettingsRoutes {

    private final WebContext app;
    private final SharedPages pages;

    SettingsRoutes(WebContext app) {
        this.app = app;
        this.pages = new SharedPages(app, java.time.Clock.systemUTC());
    }

    void register(RoutesConfig routes) {
        routes.get("/settings", ctx -> show(ctx, formOf(app.settingsOf(WebApp.account(ctx))), flash(ctx)));
        routes.post("/settings", this::save);
        routes.get("/settings/clear", ctx -> app.views().page(ctx, "confirm.jte", "shell", Shell.of("Clear settings", "settings"),
                "question", "Clear all settings?", "detail", "This removes the Connections database link, the AI engine and its key, "
                        + "and the Notion secret from this machine. Your connections and Notion pages are not touched.",
                "action", "/settings/clear", "button", "Clear", "cancelHref", "/settings"));
        routes.post("/settings/clear", ctx -> {
            app.settings().clear(WebApp.account(ctx));
            ctx.redirect("/settings?cleared=1", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        routes.post("/settings/test/notion", ctx -> test(ctx, app.clients().testNotion(typed(ctx))));
        routes.post("/settings/test/ai", ctx -> test(ctx, app.clients().testEngine(typed(ctx))));
        routes.get("/settings/models", ctx -> ctx.contentType("text/html; charset=utf-8")
                .result(app.views().render("fragments/options.jte", "options", app.clients().models(app.settingsOf(WebApp.account(ctx))))));
        routes.get("/settings/pages", ctx -> ctx.contentType("text/html; charset=utf-8")
                .result(app.views().render("fragments/settings-pages.jte", "places", pages.of(WebApp.account(ctx)))));
        routes.post("/settings/connections-database", this::createConnectionsDatabase);
    }

    private static String flash(Context ctx) {
        if (ctx.queryParam("saved") != null) {
            return "Settings saved.";
        }
        if (ctx.queryParam("cleared") != null) {
            return "Settings cleared.";
        }
        if (ctx.queryParam("created") != null) {
            return "The Connections database was created in Notion and its link saved.";
        }
        return null;
    }

    private void show(Context ctx, Form form, String flash) {
        Settings saved = app.settingsOf(WebApp.account(ctx));
        Shell shell = Shell.of("Settings", "settings");
        if (saved.problem() != null) {
            shell = shell.warn(saved.problem());
        } else if (flash != null) {
            shell = shell.info(flash);
        }
        app.views().page(ctx, "settings.jte", "shell", shell, "form", form, "apiKeyMasked", Settings.masked(saved.apiKey()),
                "notionSecretMasked", Settings.masked(saved.notionSecret()));
    }


    private static Form formOf(Settings saved) {
        return Form.of(Map.of("connectionsDatabase", nz(saved.connectionsDatabase()), "engine", nz(saved.engine()),
                "model", nz(saved.model()), "baseUrl", nz(saved.baseUrl())));
    }

    private void save(Context ctx) {
        Form form = Form.of(Map.of("connectionsDatabase", nz(ctx.formParam("connectionsDatabase")), "engine", nz(ctx.formParam("engine")),
                "model", nz(ctx.formParam("model")), "baseUrl", nz(ctx.formParam("baseUrl"))));
        validate(form, app.clients());
        if (form.hasErrors()) {
            ctx.status(400);
            show(ctx, form, keepTypedSecrets(ctx));
            return;
        }
        app.settings().save(WebApp.account(ctx), fromForm(form, ctx));
        ctx.redirect("/settings?saved=1", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * Secrets are never sent back to the browser, so on a refused save the ones just typed would be lost: they are
     * saved (encrypted) on their own, and the page says so.
     */
    private String keepTypedSecrets(Context ctx) {
        String apiKey = nz(ctx.formParam("apiKey"));
        String secret = nz(ctx.formParam("notionSecret"));
        if (apiKey.isBlank() && secret.isBlank()) {
            return null;
        }
        String account = WebApp.account(ctx);
        Settings saved = app.settingsOf(account);
        app.settings().save(account, new Settings(saved.connectionsDatabase(), saved.engine(), apiKey, saved.model(), saved.baseUrl(), secret, null));
        return "The secret you typed is saved (encrypted), so you need not type it again; fix what is marked below and press Save.";
    }

    private static void validate(Form form, Clients clients) {
        String link = form.value("connectionsDatabase");
        if (!link.isEmpty() && NotionIds.tryParse(link).isEmpty()) {
            form.fail("connectionsDatabase", "This is not a Notion link. Copy the Connections database's link in Notion (••• → Copy link), "
                    + "for example " + NotionIds.EXAMPLE);
        }
        String engine = form.value("engine");
        if (!engine.isEmpty()) {
            try {
                if (EngineKind.parse(engine) == EngineKind.OPENAI_COMPATIBLE && form.value("baseUrl").isEmpty()) {
                    form.fail("baseUrl", "An OpenAI-compatible engine needs the base URL of its server, e.g. http://localhost:11434/v1");
                }
            } catch (IllegalArgumentException unknown) {
                form.fail("engine", unknown.getMessage());
            }
        }
        String baseUrl = form.value("baseUrl");
        if (!baseUrl.isEmpty()) {
            try {
                clients.checkBaseUrl(baseUrl);
            } catch (IllegalArgumentException unusable) {
                form.fail("baseUrl", unusable.getMessage());
            }
        }
    }

    private static Settings fromForm(Form form, Context ctx) {
        return new Settings(form.value("connectionsDatabase"), form.value("engine"), ctx.formParam("apiKey"), form.value("model"),
                form.value("baseUrl"), ctx.formParam("notionSecret"), null);
    }

    /** The settings as typed (not saved yet), with saved secrets where none was typed: what a Test button checks. */
    private Settings typed(Context ctx) {
        Settings saved = app.settingsOf(WebApp.account(ctx));
        String engine = ctx.formParam("engine");
        String apiKey = nz(ctx.formParam("apiKey")).isBlank() ? saved.apiKey() : ctx.formParam("apiKey");
        String secret = nz(ctx.formParam("notionSecret")).isBlank() ? saved.notionSecret() : ctx.formParam("notionSecret");
        return new Settings(ctx.formParam("connectionsDatabase"), engine == null ? saved.engine() : engine, apiKey,
                ctx.formParam("model"), ctx.formParam("baseUrl"), secret, null);
    }

    private void test(Context ctx, Clients.Check check) {
        if (WebApp.isHtmx(ctx)) {
            ctx.contentType("text/html; charset=utf-8").result(app.views().render("fragments/message.jte", "ok", check.ok(), "message", check.message()));
            return;
        }
        Form form = Form.of(Map.of("connectionsDatabase", nz(ctx.formParam("connectionsDatabase")), "engine", nz(ctx.formParam("engine")),
                "model", nz(ctx.formParam("model")), "baseUrl", nz(ctx.formParam("baseUrl"))));
        show(ctx, form, (check.ok() ? "✓ " : "✗ ") + check.message());
    }

    private void createConnectionsDatabase(Context ctx) {
        String account = WebApp.account(ctx);
        Settings saved = app.settingsOf(account);
        String parent = nz(ctx.formParam("parentPage"));
        try {
            String link = new Targets(app.clients().notion(saved)).createConnectionsDatabase(parent);
            app.settings().save(account, saved.withConnectionsDatabase(link));
            ctx.redirect("/settings?created=1", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (NotionException e) {
            ctx.status(502);
            show(ctx, formOf(saved), "The Connections database could not be created: " + e.userMessage());
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            show(ctx, formOf(saved), e.getMessage());
        }
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
