package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts: the local owner, and team members who sign up with an email and a password (Argon2id). The first
 * member to sign up becomes the admin. Failed sign-ins are throttled per account and per address.
 */
public final class Accounts {

    public static final String OWNER = "local";
    static final int MIN_PASSWORD = 10;
    private static final RowMapper<Account> ACCOUNT = (rs, ctx) -> new Account(rs.getString("id"), rs.getString("email"),
            rs.getBoolean("admin"), rs.getString("plan"), Instant.parse(rs.getString("created_at")));

    private final Jdbi jdbi;
    private final Clock clock;
    private final SignInThrottle throttle;

    public Accounts(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
        this.throttle = new SignInThrottle(clock);
    }

    /** The local mode's owner: signed in automatically, an admin, no quota. Created on first use. */
    public Account owner() {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO accounts (id, email, password_hash, admin, plan, created_at) "
                        + "VALUES (:id, NULL, NULL, TRUE, :plan, :created) ON CONFLICT (id) DO NOTHING")
                .bind("id", OWNER).bind("plan", Plans.UNLIMITED).bind("created", clock.instant().toString()).execute());
        return find(OWNER).orElseThrow();
    }

    /** A new team member on the Free plan; the first one becomes the admin. */
    public Account signUp(String email, String password) {
        String normalised = normalise(email);
        checkPassword(password);
        String id = UUID.randomUUID().toString();
        String hash = Passwords.hash(password);
        if (findByEmail(normalised).isPresent()) {
            throw new AccountException("An account with " + normalised + " exists already: sign in instead.");
        }
        // Writes first, so SQLite takes its write lock at the start of the transaction.
        try {
            return jdbi.inTransaction(h -> {
                h.createUpdate("INSERT INTO accounts (id, email, password_hash, admin, plan, created_at) VALUES (:id, :email, :hash, FALSE, :plan, :created)")
                        .bind("id", id).bind("email", normalised).bind("hash", hash).bind("plan", Plans.FREE).bind("created", clock.instant().toString())
                        .execute();
                boolean first = h.createUpdate("INSERT INTO first_admin (slot, account_id) VALUES (1, :id) ON CONFLICT (slot) DO NOTHING")
                        .bind("id", id).execute() == 1;
                if (first) {
                    h.createUpdate("UPDATE accounts SET admin = TRUE WHERE id = :id").bind("id", id).execute();
                }
                return h.createQuery("SELECT * FROM accounts WHERE id = :id").bind("id", id).map(ACCOUNT).one();
            });
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException duplicate) {
            if (findByEmail(normalised).isPresent()) {
                throw new AccountException("An account with " + normalised + " exists already: sign in instead.");
            }
            throw duplicate;
        }
    }

    /** The account whose email and password these are; {@code address} is the client's, for throttling. */
    public Account signIn(String email, String password, String address) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Optional<Duration> wait = throttle.wait(normalised, address);
        if (wait.isPresent()) {
            throw new AccountException("Too many failed sign-ins. Wait " + minutes(wait.get()) + " and try again.");
        }
        Optional<String> hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE email = :email")
                .bind("email", normalised).mapTo(String.class).findOne());
        // An unknown email costs a hash too, so timing does not tell which emails have accounts.
        boolean right = Passwords.matches(password, hash.orElse(DUMMY_HASH));
        if (hash.isEmpty() || !right) {
            throttle.failed(normalised, address);
            throw new AccountException("That email and password do not match an account. Check both, or sign up.");
        }
        throttle.succeeded(normalised);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE email = :email").bind("email", normalised).map(ACCOUNT).one());
    }

    public void changePassword(String accountId, String current, String next) {
        String hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE id = :id").bind("id", accountId)
                .mapTo(String.class).findOne().orElse(null));
        if (hash == null || !Passwords.matches(current, hash)) {
            throw new AccountException("The current password is not right. Type it again.");
        }
        checkPassword(next);
        jdbi.useHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = :hash WHERE id = :id")
                .bind("hash", Passwords.hash(next)).bind("id", accountId).execute());
    }

    public Optional<Account> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id").bind("id", id).map(ACCOUNT).findOne());
    }

    public Optional<Account> findByEmail(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE email = :email").bind("email", normalised).map(ACCOUNT).findOne());
    }

    public List<Account> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY created_at").map(ACCOUNT).list());
    }

    /** Moves an account to another plan (an admin's choice, or a redeemed code). */
    public void setPlan(String accountId, Plan plan) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET plan = :plan WHERE id = :id")
                .bind("plan", plan.name()).bind("id", accountId).execute());
        if (changed == 0) {
            throw new AccountException("There is no such account.");
        }
    }

    private static String normalise(String email) {
        String value = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (value.length() > 320 || !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new AccountException("\"" + (value.length() > 60 ? value.substring(0, 60) + "…" : value)
                    + "\" is not an email address. Type one like ada@example.com.");
        }
        return value;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new AccountException("Choose a password of at least " + MIN_PASSWORD + " characters (a few words make a strong one).");
        }
        if (password.length() > 1000) {
            throw new AccountException("That password is longer than 1000 characters; choose a shorter one.");
        }
    }

    private static String minutes(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password-" + UUID.randomUUID());
}
