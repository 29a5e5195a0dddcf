package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.AccountException;
import io.wizzygen.accounts.Sessions;

import java.util.Map;

/** Sign up, sign in, sign out and the password change (team mode); in local mode these pages lead Home. */
final class AccountRoutes {

    private final WebContext app;

    AccountRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/signin", ctx -> entry(ctx, "signin.jte", "Sign in", Form.of(Map.of("next", Gate.safeNext(ctx.queryParam("next")))), 200));
        routes.post("/signin", this::signIn);
        routes.get("/signup", ctx -> entry(ctx, "signup.jte", "Sign up", Form.empty(), 200));
        routes.post("/signup", this::signUp);
        routes.post("/signout", this::signOut);
        routes.get("/account", ctx -> account(ctx, Form.empty(), null, 200));
        routes.post("/account/password", this::changePassword);
    }

    private void entry(Context ctx, String template, String title, Form form, int status) {
        if (!app.team() || ctx.attribute(WebApp.ACCOUNT) != null && status == 200 && ctx.method().name().equals("GET")) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(status);
        app.views().page(ctx, template, "shell", Shell.of(title, ""), "form", form);
    }

    private void signIn(Context ctx) {
        Form form = Form.of(Map.of("email", Form.field(ctx, "email"), "next", Gate.safeNext(ctx.formParam("next"))));
        if (!app.team()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        try {
            Account account = app.members().accounts().signIn(form.value("email"), Form.field(ctx, "password"), ctx.ip());
            begin(ctx, account, form.value("next"));
        } catch (AccountException e) {
            form.fail("password", e.getMessage());
            entry(ctx, "signin.jte", "Sign in", form, e.getMessage().startsWith("Too many") ? 429 : 401);
        }
    }

    private void signUp(Context ctx) {
        Form form = Form.of(Map.of("email", Form.field(ctx, "email")));
        if (!app.team() || ctx.attribute(WebApp.SESSION) != null) { // signed in already: sign out first to make another account
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        if (!Form.field(ctx, "password").equals(Form.field(ctx, "confirm"))) {
            form.fail("confirm", "The two passwords differ. Type the same password twice.");
            entry(ctx, "signup.jte", "Sign up", form, 400);
            return;
        }
        try {
            begin(ctx, app.members().accounts().signUp(form.value("email"), Form.field(ctx, "password")), "/?welcome=1");
        } catch (AccountException e) {
            form.fail(e.getMessage().contains("password") ? "password" : "email", e.getMessage());
            entry(ctx, "signup.jte", "Sign up", form, 400);
        }
    }

    private void begin(Context ctx, Account account, String next) {
        String old = ctx.attribute(WebApp.SESSION);
        if (old != null) {
            app.members().sessions().end(old);
        }
        Sessions.Session session = app.members().sessions().start(account.id());
        Gate.setCookie(ctx, session.token(), Sessions.LIFETIME.toSeconds());
        ctx.redirect(Gate.safeNext(next), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        app.members().sessions().end(ctx.attribute(WebApp.SESSION));
        Gate.setCookie(ctx, "", 0);
        ctx.redirect(app.team() ? "/signin" : "/", HttpStatus.SEE_OTHER);
    }

    private void account(Context ctx, Form form, String notice, int status) {
        Account account = app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
        ctx.status(status);
        Shell shell = Shell.of("Account", "");
        app.views().page(ctx, "account.jte", "shell", notice == null ? shell : shell.info(notice), "account", account,
                "plan", app.members().plans().of(account), "team", app.team(), "form", form);
    }

    private void changePassword(Context ctx) {
        Form form = Form.empty();
        if (!app.team()) {
            ctx.redirect("/account", HttpStatus.SEE_OTHER);
            return;
        }
        if (!Form.field(ctx, "next").equals(Form.field(ctx, "confirm"))) {
            form.fail("confirm", "The two new passwords differ. Type the same password twice.");
            account(ctx, form, null, 400);
            return;
        }
        try {
            app.members().accounts().changePassword(WebApp.account(ctx), Form.field(ctx, "current"), Form.field(ctx, "next"));
            app.members().sessions().endOthers(WebApp.account(ctx), ctx.attribute(WebApp.SESSION));
            account(ctx, Form.empty(), "Password changed. Other devices are signed out.", 200);
        } catch (AccountException e) {
            form.fail(e.getMessage().startsWith("The current") ? "current" : "next", e.getMessage());
            account(ctx, form, null, 400);
        }
    }
}
