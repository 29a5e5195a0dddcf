package io.wizzygen.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.AccountException;
import io.wizzygen.accounts.Sessions;
import io.wizzygen.accounts.SignUps;

import java.util.Map;

/**
 * Sign up (open, or with an invite code), sign in, sign out, the password change, and an admin's invite codes (team
 * mode); in local mode these pages lead Home. Attempts are counted by the client's address ({@link Access}).
 */
final class AccountRoutes {

    private final WebContext app;

    AccountRoutes(WebContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get("/signin", ctx -> entry(ctx, "signin.jte", "Sign in", Form.of(Map.of("next", Gate.safeNext(ctx.queryParam("next")))), 200));
        routes.post("/signin", this::signIn);
        routes.get("/signup", ctx -> entry(ctx, "signup.jte", "Sign up",
                Form.of(Map.of("invite", ctx.queryParam("invite") == null ? "" : ctx.queryParam("invite"))), 200)); // an invite link fills the code in
        routes.post("/signup", this::signUp);
        routes.post("/signout", this::signOut);
        routes.get("/account", ctx -> account(ctx, Form.empty(), null, 200));
        routes.post("/account/password", this::changePassword);
        routes.post("/account/invites", this::invite);
    }

    private void entry(Context ctx, String template, String title, Form form, int status) {
        if (!app.team() || ctx.attribute(WebApp.ACCOUNT) != null && status == 200 && ctx.method().name().equals("GET")) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(status);
        app.views().page(ctx, template, "shell", Shell.of(title, ""), "form", form, "inviteOnly", app.members().signUps().mode() == SignUps.Mode.INVITE);
    }

    private void signIn(Context ctx) {
        Form form = Form.of(Map.of("email", Form.field(ctx, "email"), "next", Gate.safeNext(ctx.formParam("next"))));
        if (!app.team()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        try {
            Account account = app.members().accounts().signIn(form.value("email"), Form.field(ctx, "password"), app.access().clientAddress(ctx));
            begin(ctx, account, form.value("next"));
        } catch (AccountException e) {
            form.fail("password", e.getMessage());
            entry(ctx, "signin.jte", "Sign in", form, e.throttled() ? 429 : 401);
        }
    }

    private void signUp(Context ctx) {
        Form form = Form.of(Map.of("email", Form.field(ctx, "email"), "invite", Form.field(ctx, "invite")));
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
            begin(ctx, app.members().signUps().signUp(form.value("email"), Form.field(ctx, "password"), form.value("invite"),
                    app.access().clientAddress(ctx)), "/?welcome=1");
        } catch (AccountException e) {
            String field = switch (e.about()) {
                case INVITE -> "invite";
                case NEW_PASSWORD -> "password";
                default -> "email";
            };
            form.fail(field, e.getMessage());
            entry(ctx, "signup.jte", "Sign up", form, e.throttled() ? 429 : 400);
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
        account(ctx, form, notice, status, null);
    }

    private void account(Context ctx, Form form, String notice, int status, String newInvite) {
        Account account = app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
        ctx.status(status);
        Shell shell = Shell.of("Account", "");
        app.views().page(ctx, "account.jte", "shell", notice == null ? shell : shell.info(notice), "account", account,
                "plan", app.members().plans().of(account), "team", app.team(), "form", form,
                "inviteOnly", app.members().signUps().mode() == SignUps.Mode.INVITE, "newInvite", newInvite);
    }

    /** An admin makes a single-use sign-up code (shown once). */
    private void invite(Context ctx) {
        Account me = app.members().accounts().find(WebApp.account(ctx)).orElseThrow();
        if (!app.team() || !me.admin()) {
            throw new io.javalin.http.ForbiddenResponse("Only an admin of a team server can make invite codes.");
        }
        account(ctx, Form.empty(), "A new invite code: give it to one person; it makes one account.", 200, app.members().invites().issue(me.id()));
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
            app.members().accounts().changePassword(WebApp.account(ctx), Form.field(ctx, "current"), Form.field(ctx, "next"),
                    app.access().clientAddress(ctx));
            app.members().sessions().endOthers(WebApp.account(ctx), ctx.attribute(WebApp.SESSION));
            account(ctx, Form.empty(), "Password changed. Other devices are signed out.", 200);
        } catch (AccountException e) {
            form.fail(e.about() == AccountException.About.NEW_PASSWORD ? "next" : "current", e.getMessage());
            account(ctx, form, null, e.throttled() ? 429 : 400);
        }
    }
}
