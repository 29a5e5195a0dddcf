package io.wizzygen.accounts;

/**
 * The one error type of the accounts room: its message is one or two plain sentences with the fix, {@link #about()}
 * says which part of what the person typed it is about, and {@link #throttled()} that they must wait before trying again.
 */
public final class AccountException extends RuntimeException {

    /** What the person typed that the message is about. */
    public enum About { NOTHING_TYPED, EMAIL, NEW_PASSWORD, CURRENT_PASSWORD, INVITE, MESSAGE, RATING }

    private final About about;
    private final boolean throttled;

    public AccountException(String userMessage) {
        this(About.NOTHING_TYPED, userMessage, false);
    }

    AccountException(About about, String userMessage) {
        this(about, userMessage, false);
    }

    private AccountException(About about, String userMessage, boolean throttled) {
        super(userMessage, null, false, false);
        this.about = about;
        this.throttled = throttled;
    }

    /** Too many tries: the person waits (the message says how long). */
    static AccountException throttled(About about, String userMessage) {
        return new AccountException(about, userMessage, true);
    }

    public About about() {
        return about;
    }

    public boolean throttled() {
        return throttled;
    }
}
