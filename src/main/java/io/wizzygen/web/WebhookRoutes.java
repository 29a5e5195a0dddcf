package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.wizzygen.runs.NotionWebhooks;

import java.util.Optional;

/**
 * Notion's webhooks: the open address Notion posts to ({@code POST /webhooks/notion}: no session, no CSRF token — the
 * signature is the proof), and for admins the page under Settings that reveals the verification token once.
 */
final class WebhookRoutes {

    static final String PATH = "/webhooks/notion";

    private final WebContext app;

    WebhookRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.post(PATH, ctx -> {
            NotionWebhooks.Reply reply = webhooks().receive(ctx.bodyAsBytes(), ctx.header("X-Notion-Signature"));
            ctx.status(reply.status()).contentType("text/plain; charset=utf-8").result(reply.message());
        });
        routes.get("/settings/webhooks", ctx -> show(ctx, null));
        routes.post("/settings/webhooks/reveal", ctx -> {
            admin(ctx);
            show(ctx, webhooks().revealPending().orElse(null));
        });
    }

    private NotionWebhooks webhooks() {
        return app.runs().watches().webhooks();
    }

    private void show(Context ctx, String revealed) {
        boolean admin = app.members().accounts().find(WebApp.account(ctx)).map(a -> a.admin()).orElse(false);
        String address = Optional.ofNullable(app.access().publicUrl()).map(url -> url.toString().replaceAll("/+$", "") + PATH).orElse(null);
        Shell shell = Shell.of("Notion webhooks", "settings");
        if (revealed != null) {
            shell = shell.info("Paste this verification token into Notion now: it is not shown again.");
        } else if (ctx.method().name().equals("POST")) {
            shell = shell.warn("No verification token is waiting: in Notion, send it again (Webhooks → Resend token), then reload this page.");
        }
        app.views().page(ctx, "webhooks.jte", "shell", shell, "admin", admin, "address", address, "status", webhooks().status(),
                "revealed", revealed);
    }

    private void admin(Context ctx) {
        if (!app.members().accounts().find(WebApp.account(ctx)).map(a -> a.admin()).orElse(false)) {
            throw new ForbiddenResponse("Only an admin can see the webhook verification token.");
        }
    }
}
