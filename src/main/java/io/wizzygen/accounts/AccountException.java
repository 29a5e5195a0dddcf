package io.wizzygen.accounts;

/** The one error type of the accounts room: its message is one or two plain sentences with the fix. */
public final class AccountException extends RuntimeException {

    public AccountException(String userMessage) {
        super(userMessage, null, false, false);
    }
}
