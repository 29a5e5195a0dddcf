package io.wizzygen.web;

import io.javalin.http.Context;

import java.net.URI;
import java.util.Locale;

/**
 * How the app is reached. {@code publicUrl} ({@code serve --public-url}): the address people use, when it is not
 * this machine's loopback (a tunnel, a reverse proxy). {@code trustProxy} ({@code serve --trust-proxy}): a reverse
 * proxy stands in front, so the client's address is the nearest hop of X-Forwarded-For rather than the socket's
 * (which would be the proxy's, shared by everyone).
 */
public record Access(URI publicUrl, boolean trustProxy) {

    /** Reached directly: no public URL, no proxy believed. */
    public static final Access DIRECT = new Access(null, false);

    /** A --public-url as typed: an http(s) URL with a host and nothing after the path; a plain error otherwise. */
    public static URI parsePublicUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException | NullPointerException malformed) {
            // explained below
        }
        throw new IllegalArgumentException("--public-url \"" + text + "\" is not the app's address. Give it like https://wizzygen.example.com "
                + "(http or https, a host, no query).");
    }

    /** The client's address: the socket's, or behind a trusted proxy the nearest hop of X-Forwarded-For (the one the proxy added). */
    String clientAddress(Context ctx) {
        String socket = ctx.req().getRemoteAddr();
        if (!trustProxy) {
            return socket;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return socket;
        }
        String nearest = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        return nearest.matches("[0-9A-Fa-f:.\\[\\]]{2,47}") ? nearest : socket;
    }

    /**
     * Local mode answers only to its own names, so a web page whose name a DNS trick points at 127.0.0.1 cannot use
     * the owner's app: loopback names and addresses, and the public URL's host.
     */
    boolean servesLocally(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostOf(hostHeader.strip().toLowerCase(Locale.ROOT));
        return host.equals("localhost") || host.endsWith(".localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]")
                || publicUrl != null && host.equalsIgnoreCase(publicUrl.getHost());
    }

    private static String hostOf(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }
}
