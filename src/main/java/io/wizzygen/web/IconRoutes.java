package io.wizzygen.web;

import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The app's icon at /favicon.ico too (pages link /assets/favicon.svg; tools that ask the old address get it as well, never a 404). */
final class IconRoutes {

    private final byte[] icon;

    IconRoutes() {
        try (InputStream in = IconRoutes.class.getResourceAsStream("/web/favicon.svg")) {
            if (in == null) {
                throw new IllegalStateException("The app's icon (/web/favicon.svg) is missing from the build.");
            }
            icon = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/favicon.ico", ctx -> ctx.contentType("image/svg+xml").header("Cache-Control", "max-age=86400").result(icon));
    }
}
