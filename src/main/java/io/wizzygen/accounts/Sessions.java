package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Signed-in sessions. The browser holds a random token; the database holds only its SHA-256, so a copy of the
 * database signs nobody in. Each session has its own CSRF token for the forms it submits.
 */
public final class Sessions {

    public static final Duration LIFETIME = Duration.ofDays(14);

    private final Jdbi jdbi;
    private final Clock clock;

    public Sessions(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** A session: the account, the token for the cookie and the CSRF token for forms. */
    public record Session(String accountId, String token, String csrf) {
        @Override
        public String toString() {
            return "Session[" + accountId + "]";
        }
    }

    public Session start(String accountId) {
        Session session = new Session(accountId, Tokens.random(32), Tokens.random(24));
        long expires = clock.instant().plus(LIFETIME).toEpochMilli();
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", clock.millis()).execute();
            h.createUpdate("INSERT INTO sessions (token_hash, account_id, csrf, expires_at) VALUES (:hash, :account, :csrf, :expires)")
                    .bind("hash", Tokens.sha256(session.token())).bind("account", accountId).bind("csrf", session.csrf())
                    .bind("expires", expires).execute();
        });
        return session;
    }

    /** The live session for a cookie's token. */
    public Optional<Session> find(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT account_id, csrf FROM sessions WHERE token_hash = :hash AND expires_at >= :now")
                .bind("hash", Tokens.sha256(token)).bind("now", clock.millis())
                .map((rs, ctx) -> new Session(rs.getString("account_id"), token, rs.getString("csrf"))).findOne());
    }

    public void end(String token) {
        if (token != null) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash").bind("hash", Tokens.sha256(token)).execute());
        }
    }

    /** Signs the account out everywhere but {@code keepToken} (after a password change). */
    public void endOthers(String accountId, String keepToken) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE account_id = :account AND token_hash <> :keep")
                .bind("account", accountId).bind("keep", Tokens.sha256(keepToken)).execute());
    }
}
