package io.wizzygen.web;

/**
 * What every page's frame needs: its title, the active tab, an optional notice (a banner) and its kind, and in
 * team mode who is signed in and the session's CSRF token (put into every form by {@link Views}).
 */
public record Shell(String title, String tab, String notice, boolean problem, String user, String csrf) {

    public static Shell of(String title, String tab) {
        return new Shell(title, tab, null, false, null, null);
    }

    public Shell info(String message) {
        return new Shell(title, tab, message, false, user, csrf);
    }

    public Shell warn(String message) {
        return new Shell(title, tab, message, true, user, csrf);
    }

    Shell signedIn(String user, String csrf) {
        return new Shell(title, tab, notice, problem, user, csrf);
    }

    /** htmx's request headers carrying the CSRF token, or null (no attribute) outside team mode. */
    public String csrfHeaders() {
        return csrf == null ? null : "{\"X-CSRF-Token\": \"" + csrf + "\"}";
    }

    public boolean active(String name) {
        return name.equals(tab);
    }
}
