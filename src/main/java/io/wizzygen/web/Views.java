package io.wizzygen.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the precompiled jte templates (HTML-escaped: AI output and Notion content are untrusted). */
final class Views {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    private static final java.util.regex.Pattern POST_FORM = java.util.regex.Pattern.compile("(<form\\b[^>]*\\bmethod=\"post\"[^>]*>)");

    /** A whole page; in team mode the frame shows who is signed in and every form carries the session's CSRF token. */
    void page(Context ctx, String template, Object... namesAndValues) {
        String csrf = ctx.attribute(WebApp.CSRF);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] instanceof Shell shell) {
                namesAndValues[i + 1] = shell.signedIn(ctx.attribute(WebApp.USER), csrf);
            }
        }
        if (WebApp.isHtmx(ctx) && !ctx.method().name().equals("GET")) {
            answerInPlace(ctx);
        }
        String html = render(template, namesAndValues);
        if (csrf != null) {
            html = POST_FORM.matcher(html).replaceAll("$1<input type=\"hidden\" name=\"_csrf\" value=\"" + csrf + "\">");
        }
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /**
     * A page answering a form sent by htmx (hx-boost) replaces the page in place, and the address stays the form's page
     * (the POST's own address may have no page to reload). A refused form is an answer too, with the form's errors: 200,
     * so the browser logs no failed request (the same form sent without htmx still gets its 4xx).
     */
    private static void answerInPlace(Context ctx) {
        ctx.header("HX-Push-Url", "false");
        if (ctx.statusCode() >= 400) {
            ctx.status(200);
        }
    }

    String render(String template, Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
