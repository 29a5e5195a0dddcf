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

    void page(Context ctx, String template, Object... namesAndValues) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, namesAndValues));
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
