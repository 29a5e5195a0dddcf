package io.wizzygen.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a form was filled with and what was wrong with it, so a page shown again loses nothing typed. */
public record Form(Map<String, String> values, Map<String, String> errors) {

    public static Form empty() {
        return new Form(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public static Form of(Map<String, String> values) {
        return new Form(new LinkedHashMap<>(values), new LinkedHashMap<>());
    }

    /** A submitted form field, empty when it was not sent. */
    static String field(io.javalin.http.Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }

    public String value(String name) {
        return values.getOrDefault(name, "");
    }

    public String error(String name) {
        return errors.get(name);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public Form with(String name, String value) {
        values.put(name, value == null ? "" : value);
        return this;
    }

    public Form fail(String name, String message) {
        errors.put(name, message);
        return this;
    }
}
