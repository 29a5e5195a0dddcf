package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.AccountException;
import io.wizzygen.accounts.Plan;

import java.util.List;
import java.util.Map;

/** The Upgrade tab: plan, usage and the plans on offer; redeem a code; admins move accounts between plans. */
final class UpgradeRoutes {

    private final WebContext app;

    UpgradeRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/upgrade", ctx -> show(ctx, Form.empty(), flash(ctx), 200));
        routes.post("/upgrade/code", this::redeem);
        routes.post("/upgrade/accounts/{id}", this::setPlan);
    }

    private void show(Context ctx, Form form, String notice, int status) {
        Account me = me(ctx);
        List<AccountLine> members = me.admin() && app.team() ? app.members().accounts().all().stream().filter(a -> a.email() != null)
                .map(a -> new AccountLine(a, app.members().plans().of(a), app.members().quota().standing(a.id()).used())).toList() : List.of();
        Shell shell = Shell.of("Upgrade", "upgrade");
        ctx.status(status);
        app.views().page(ctx, "upgrade.jte", "shell", notice == null ? shell : status >= 400 ? shell.warn(notice) : shell.info(notice), "me", me,
                "standing", app.members().quota().standing(me.id()), "plans", app.members().plans().all(),
                "month", app.members().usage().thisMonth(me.id()), "total", app.members().usage().total(me.id()),
                "members", members, "team", app.team(), "form", form);
    }

    private void redeem(Context ctx) {
        Form form = Form.of(Map.of("code", Form.field(ctx, "code")));
        if (form.value("code").isBlank()) {
            form.fail("code", "Paste the upgrade code your operator gave you, e.g. WZ-ABCDE-FGHIJ-KLMNO.");
            show(ctx, form, null, 400);
            return;
        }
        try {
            Plan plan = app.members().codes().redeem(WebApp.account(ctx), form.value("code"));
            ctx.redirect("/upgrade?upgraded=" + plan.name(), HttpStatus.SEE_OTHER);
        } catch (AccountException e) {
            form.fail("code", e.getMessage());
            show(ctx, form, null, 400);
        }
    }

    private void setPlan(Context ctx) {
        if (!me(ctx).admin()) {
            throw new ForbiddenResponse("Only an admin can change another account's plan.");
        }
        Account account = app.members().accounts().find(ctx.pathParam("id")).filter(a -> a.email() != null)
                .orElseThrow(() -> new NotFoundResponse("There is no such account."));
        try {
            Plan plan = app.members().plans().require(Form.field(ctx, "plan"));
            app.members().accounts().setPlan(account.id(), plan);
            ctx.redirect("/upgrade?moved=" + plan.name(), HttpStatus.SEE_OTHER);
        } catch (AccountException e) {
            show(ctx, Form.empty(), e.getMessage(), 400);
        }
    }

    private Account me(Context ctx) {
        return app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
    }

    private String flash(Context ctx) {
        String upgraded = ctx.queryParam("upgraded");
        String moved = ctx.queryParam("moved");
        if (upgraded != null) {
            return app.members().plans().find(upgraded).map(p -> "Upgraded: you are on the " + p.title() + " plan now (" + p.allowance() + ").").orElse(null);
        }
        return moved != null ? app.members().plans().find(moved).map(p -> "Moved to the " + p.title() + " plan.").orElse(null) : null;
    }
}
