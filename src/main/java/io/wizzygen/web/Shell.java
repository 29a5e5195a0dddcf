package io.wizzygen.web;

/** What every page's frame needs: its title, the active tab, and an optional notice (a banner) and its kind. */
public record Shell(String title, String tab, String notice, boolean problem) {

    public static Shell of(String title, String tab) {
        return new Shell(title, tab, null, false);
    }

    public Shell info(String message) {
        return new Shell(title, tab, message, false);
    }

    public Shell warn(String message) {
        return new Shell(title, tab, message, true);
    }

    public boolean active(String name) {
        return name.equals(tab);
    }
}
