package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/**
 * Single-use sign-up codes for a server in invite mode ({@code serve --signup invite}): an admin makes one on the
 * Account tab, the operator with {@code wizzygen admin invite}. Only their hashes are stored; a code is claimed by one
 * conditional UPDATE in the new account's own transaction, so it makes one account at most.
 */
public final class Invites {

    private final Jdbi jdbi;
    private final Clock clock;

    public Invites(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** A new code, shown once; {@code createdBy} is the admin's account, or null for the operator's command line. */
    public String issue(String createdBy) {
        String code = Tokens.code("INV");
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO invites (code_hash, created_by, created_at) VALUES (:hash, :by, :created)")
                .bind("hash", Tokens.codeHash(code)).bind("by", createdBy).bind("created", clock.instant().toString()).execute());
        return code;
    }

    /** A plain error unless {@code code} is one we issued that is still unused (checked before any password is hashed). */
    void requireUsable(String code) {
        boolean usable = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM invites WHERE code_hash = :hash AND used_by IS NULL")
                .bind("hash", Tokens.codeHash(code)).mapTo(Integer.class).one()) == 1;
        if (!usable) {
            throw unusable(code);
        }
    }

    /** Claims the code for {@code accountId} inside the account's transaction; fails (and so stops the sign-up) when it is gone. */
    void claim(Handle handle, String code, String accountId) {
        int claimed = handle.createUpdate("UPDATE invites SET used_by = :account, used_at = :now WHERE code_hash = :hash AND used_by IS NULL")
                .bind("account", accountId).bind("now", clock.instant().toString()).bind("hash", Tokens.codeHash(code)).execute();
        if (claimed == 0) {
            throw unusable(code);
        }
    }

    private static AccountException unusable(String code) {
        return new AccountException(AccountException.About.INVITE, code == null || code.isBlank()
                ? "This server signs up by invitation: paste the invite code you were given (ask an admin of this server for one)."
                : "That invite code is not valid or has been used already. Each code works once; ask an admin for a new one.");
    }
}
