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
 * member to sign up becomes the admin. Every password check (sign-in, the current password of a change) is
 * reserved in the store's {@link Throttle} before the hash is computed: failures slow down the account from that
 * address (5 free, then 30 s doubling up to an hour), and the address across all accounts (20 free, then the same),
 * without locking the account for anyone else.
 */
public final class Accounts {

    public static final String OWNER = "local";
    static final int MIN_PASSWORD = 10;
    private static final RowMapper<Account> ACCOUNT = (rs, ctx) -> new Account(rs.getString("id"), rs.getString("email"),
            rs.getBoolean("admin"), rs.getString("plan"), Instant.parse(rs.getString("created_at")));

    static final Throttle.Backoff ACCOUNT_FROM_ADDRESS = new Throttle.Backoff(5, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(1));
    static final Throttle.Backoff FROM_ADDRESS = new Throttle.Backoff(20, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(1));

    private final Jdbi jdbi;
    private final Clock clock;
    private final Throttle throttle;

    public Accounts(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
        this.throttle = new Throttle(store, clock);
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
        return create(email, password, (h, id) -> { });
    }

    /** Something to do in the account's transaction before it is created (e.g. claim an invite); throwing stops the sign-up. */
    interface Claim {
        void claim(org.jdbi.v3.core.Handle handle, String accountId);
    }

    /** A new account, {@code claim} made first in the same transaction: both happen, or neither. */
    Account create(String email, String password, Claim claim) {
        String normalised = normalise(email);
        checkPassword(password);
        String id = UUID.randomUUID().toString();
        if (findByEmail(normalised).isPresent()) {
            throw new AccountException(AccountException.About.EMAIL, "An account with " + normalised + " exists already: sign in instead.");
        }
        String hash = Passwords.hash(password);
        // Writes first, so SQLite takes its write lock at the start of the transaction.
        try {
            return jdbi.inTransaction(h -> {
                claim.claim(h, id);
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
        String pair = "sign-in:" + normalised + "|" + address;
        reserve(pair, address, "Too many failed sign-ins");
        Optional<String> hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE email = :email")
                .bind("email", normalised).mapTo(String.class).findOne());
        // An unknown email costs a hash too, so timing does not tell which emails have accounts.
        boolean right = Passwords.matches(password, hash.orElse(DUMMY_HASH));
        if (hash.isEmpty() || !right) {
            throw new AccountException("That email and password do not match an account. Check both, or sign up.");
        }
        passed(pair, address);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE email = :email").bind("email", normalised).map(ACCOUNT).one());
    }

    /** A new password, after the current one; the current one is throttled as sign-ins are, per account and address. */
    public void changePassword(String accountId, String current, String next, String address) {
        String pair = "password-change:" + accountId + "|" + address;
        reserve(pair, address, "Too many wrong current passwords");
        String hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE id = :id").bind("id", accountId)
                .mapTo(String.class).findOne().orElse(null));
        if (!Passwords.matches(current, hash == null ? DUMMY_HASH : hash) || hash == null) {
            throw new AccountException(AccountException.About.CURRENT_PASSWORD, "The current password is not right. Type it again.");
        }
        passed(pair, address);
        checkPassword(next);
        jdbi.useHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = :hash WHERE id = :id")
                .bind("hash", Passwords.hash(next)).bind("id", accountId).execute());
    }

    /** Counts one password check for the account from this address and for the address, or refuses it before any hash. */
    private void reserve(String pair, String address, String tooMany) {
        Optional<Duration> wait = throttle.reserve(pair, ACCOUNT_FROM_ADDRESS);
        if (wait.isEmpty()) {
            wait = throttle.reserve("from:" + address, FROM_ADDRESS);
            if (wait.isPresent()) {
                throttle.giveBack(pair); // refused for the address: not a guess at this account
            }
        }
        if (wait.isPresent()) {
            throw AccountException.throttled(AccountException.About.CURRENT_PASSWORD, tooMany + ". Wait " + inWords(wait.get()) + " and try again.");
        }
    }

    /** The right password: the account's earlier failures from here are forgotten, and this check does not count against the address. */
    private void passed(String pair, String address) {
        throttle.clear(pair);
        throttle.giveBack("from:" + address);
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
            throw new AccountException(AccountException.About.EMAIL, "\"" + (value.length() > 60 ? value.substring(0, 60) + "…" : value)
                    + "\" is not an email address. Type one like ada@example.com.");
        }
        return value;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new AccountException(AccountException.About.NEW_PASSWORD, "Choose a password of at least " + MIN_PASSWORD + " characters (a few words make a strong one).");
        }
        if (password.length() > 1000) {
            throw new AccountException(AccountException.About.NEW_PASSWORD, "That password is longer than 1000 characters; choose a shorter one.");
        }
    }

    private static String inWords(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password-" + UUID.randomUUID());
}
