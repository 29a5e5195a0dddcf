package io.wizzygen.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Sessions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking. Local mode: the owner, always. Team mode: the account of the session cookie; without one, pages
 * redirect to sign-in and everything else is refused; a state-changing request must carry the session's CSRF
 * token (form field {@code _csrf} or header {@code X-CSRF-Token}).
 */
final class Gate {

    static final String COOKIE = "wizzygen_session";
    /** Open to anyone: signing in and up, and Notion's webhooks (whose signature is their proof). */
    private static final Set<String> OPEN = Set.of("/signin", "/signup", WebhookRoutes.PATH);

    private final WebContext app;

    Gate(WebContext app) {
        this.app = app;
    }

    void admit(Context ctx) {
        if (!app.team()) {
            ctx.attribute(WebApp.ACCOUNT, Accounts.OWNER);
            return;
        }
        boolean open = OPEN.contains(ctx.path()) || ctx.path().startsWith("/assets/") || ctx.path().startsWith("/webjars/");
        Optional<Sessions.Session> session = app.members().sessions().find(ctx.cookie(COOKIE));
        Optional<Account> account = session.flatMap(s -> app.members().accounts().find(s.accountId()));
        if (account.isPresent()) {
            ctx.attribute(WebApp.ACCOUNT, account.get().id());
            ctx.attribute(WebApp.USER, account.get().displayName());
            ctx.attribute(WebApp.CSRF, session.get().csrf());
            ctx.attribute(WebApp.SESSION, session.get().token());
            if (!safe(ctx) && !tokenMatches(ctx, session.get().csrf())) {
                refuse(ctx, HttpStatus.FORBIDDEN, "This form is out of date (its security token does not match your session). Reload the page and send it again.");
            }
            return;
        }
        if (open) {
            return;
        }
        if (ctx.method().name().equals("GET") && !ctx.path().startsWith("/runs/") && !WebApp.isHtmx(ctx)) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        refuse(ctx, HttpStatus.UNAUTHORIZED, "Sign in first: open /signin, then try again.");
    }

    /**
     * A place to go back to after signing in: a plain absolute path on this site, else Home. Refused: anything not
     * starting with one "/", a backslash or control character anywhere (browsers drop tabs and newlines and read "\\"
     * as "/", so "/\t/evil.com" would become "//evil.com"), also once percent-decoded, and anything with a scheme or host.
     */
    static String safeNext(String next) {
        return next != null && next.length() <= 2000 && plainPath(next) && parsesAsPath(next) && plainPath(percentDecoded(next)) ? next : "/";
    }

    private static boolean plainPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            return false;
        }
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean parsesAsPath(String path) {
        try {
            java.net.URI uri = new java.net.URI(path);
            return uri.getScheme() == null && uri.getRawAuthority() == null;
        } catch (java.net.URISyntaxException notAPath) {
            return false;
        }
    }

    private static String percentDecoded(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    static void setCookie(Context ctx, String token, long maxAgeSeconds) {
        boolean tls = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : ""));
    }

    private static boolean safe(Context ctx) {
        String method = ctx.method().name();
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean tokenMatches(Context ctx, String expected) {
        String sent = ctx.header("X-CSRF-Token");
        if (sent == null) {
            String type = ctx.contentType();
            sent = type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam("_csrf") : null;
        }
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(message);
        ctx.skipRemainingHandlers();
    }
}
