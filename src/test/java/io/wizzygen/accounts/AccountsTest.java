package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountsTest {

    static List<org.junit.jupiter.api.Named<Store>> stores() throws Exception {
        return Stores.all();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theFirstMemberToSignUpBecomesTheAdminAndLaterOnesDoNot(Store store) {
        store.jdbi().useHandle(h -> h.execute("DELETE FROM first_admin"));
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Account first = accounts.signUp(Stores.email(), "correct horse battery");
        Account second = accounts.signUp(Stores.email(), "correct horse battery");
        assertThat(first.admin()).isTrue();
        assertThat(second.admin()).isFalse();
        assertThat(first.plan()).isEqualTo(Plans.FREE);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void signInNeedsTheRightPasswordAndTheStoredHashIsArgon2idNotThePassword(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String email = Stores.email();
        Account account = accounts.signUp(" " + email.toUpperCase() + " ", "correct horse battery");
        assertThat(accounts.signIn(email, "correct horse battery", "10.0.0.1").id()).isEqualTo(account.id());
        assertThatThrownBy(() -> accounts.signIn(email, "wrong horse battery", "10.0.0.1"))
                .isInstanceOf(AccountException.class).hasMessageContaining("do not match");
        String stored = store.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE id = :id")
                .bind("id", account.id()).mapTo(String.class).one());
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badEmailsShortPasswordsAndTakenEmailsAreRefusedWithTheFix(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String email = Stores.email();
        accounts.signUp(email, "correct horse battery");
        assertThatThrownBy(() -> accounts.signUp("not-an-email", "correct horse battery")).hasMessageContaining("like ada@example.com");
        assertThatThrownBy(() -> accounts.signUp(Stores.email(), "short")).hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> accounts.signUp(email, "correct horse battery")).hasMessageContaining("sign in instead");
    }

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));

        void advance(Duration by) {
            now.set(now.get().plus(by));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void failuresSlowDownTheAccountFromThatAddressOnlyWithADelayThatDoubles(Store store) {
        HandClock clock = new HandClock();
        Accounts accounts = new Accounts(store, clock);
        String email = Stores.email();
        String guesser = "203.0.113." + (int) (Math.random() * 250);
        accounts.signUp(email, "correct horse battery");
        for (int i = 0; i < Accounts.ACCOUNT_FROM_ADDRESS.free(); i++) {
            assertThatThrownBy(() -> accounts.signIn(email, "guess", guesser)).hasMessageContaining("do not match");
        }
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", guesser)).hasMessageContaining("Too many failed sign-ins. Wait 30 seconds");
        assertThat(accounts.signIn(email, "correct horse battery", "198.51.100.7").email()).as("the owner elsewhere is not locked out").isEqualTo(email);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> accounts.signIn(email, "guess", guesser)).hasMessageContaining("do not match");
        assertThatThrownBy(() -> accounts.signIn(email, "guess", guesser)).as("the next wait is twice as long").hasMessageContaining("Wait a minute");
        clock.advance(Duration.ofSeconds(61));
        assertThat(accounts.signIn(email, "correct horse battery", guesser).email()).isEqualTo(email);
        assertThatThrownBy(() -> accounts.signIn(email, "guess", guesser)).as("a right password forgets the earlier failures").hasMessageContaining("do not match");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void oneAddressGuessingAcrossManyAccountsIsSlowedDown(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String address = "192.0.2." + (int) (Math.random() * 250);
        for (int i = 0; i < Accounts.FROM_ADDRESS.free(); i++) {
            assertThatThrownBy(() -> accounts.signIn(Stores.email(), "guess", address)).hasMessageContaining("do not match");
        }
        String email = Stores.email();
        accounts.signUp(email, "correct horse battery");
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", address)).hasMessageContaining("Too many");
        assertThat(accounts.signIn(email, "correct horse battery", "198.51.100.1").email()).isEqualTo(email);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void fortyWrongSignInsAtOnceCheckNoMoreThanFivePasswords(Store store) throws Exception {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String email = Stores.email();
        String address = "198.18.0." + (int) (Math.random() * 250);
        accounts.signUp(email, "correct horse battery");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String guess = "guess " + i;
            guesses.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    accounts.signIn(email, guess, address);
                } catch (AccountException e) {
                    (e.getMessage().startsWith("Too many") ? refused : checked).incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread guess : guesses) {
            guess.join();
        }
        assertThat(checked.get()).as("passwords checked").isLessThanOrEqualTo(Accounts.ACCOUNT_FROM_ADDRESS.free());
        assertThat(checked.get() + refused.get()).isEqualTo(40);
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", address)).as("even the right password waits")
                .hasMessageContaining("Too many");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theCountIsKeptInTheStoreSoARestartOrAnotherServerSeesIt(Store store) {
        String email = Stores.email();
        String address = "100.64.0." + (int) (Math.random() * 250);
        Accounts before = new Accounts(store, Clock.systemUTC());
        before.signUp(email, "correct horse battery");
        for (int i = 0; i < Accounts.ACCOUNT_FROM_ADDRESS.free(); i++) {
            assertThatThrownBy(() -> before.signIn(email, "guess", address)).hasMessageContaining("do not match");
        }
        Accounts afterRestart = new Accounts(store, Clock.systemUTC());
        assertThatThrownBy(() -> afterRestart.signIn(email, "guess", address)).hasMessageContaining("Too many");
        long rowsNamingTheAddress = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM throttle WHERE key_hash LIKE :a")
                .bind("a", "%" + address + "%").mapTo(Long.class).one());
        assertThat(rowsNamingTheAddress).as("keys are stored as hashes").isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPasswordChangeNeedsTheCurrentPasswordAndWrongOnesAreThrottledLikeSignIns(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String email = Stores.email();
        Account account = accounts.signUp(email, "correct horse battery");
        assertThatThrownBy(() -> accounts.changePassword(account.id(), "wrong", "a brand new passphrase", "10.1.1.1")).hasMessageContaining("current password");
        accounts.changePassword(account.id(), "correct horse battery", "a brand new passphrase", "10.1.1.1");
        assertThat(accounts.signIn(email, "a brand new passphrase", "10.1.1.1").id()).isEqualTo(account.id());
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", "10.1.1.1")).isInstanceOf(AccountException.class);

        String thief = "10.2.2." + (int) (Math.random() * 250);
        for (int i = 0; i < Accounts.ACCOUNT_FROM_ADDRESS.free(); i++) {
            assertThatThrownBy(() -> accounts.changePassword(account.id(), "guess", "another new passphrase", thief)).hasMessageContaining("current password");
        }
        assertThatThrownBy(() -> accounts.changePassword(account.id(), "a brand new passphrase", "another new passphrase", thief))
                .hasMessageContaining("Too many wrong current passwords");
        assertThat(accounts.signIn(email, "a brand new passphrase", "10.1.1.1").id()).as("the password stayed").isEqualTo(account.id());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void sessionsAreStoredAsHashesAndEndOnSignOut(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Sessions sessions = new Sessions(store, Clock.systemUTC());
        Account account = accounts.signUp(Stores.email(), "correct horse battery");
        Sessions.Session session = sessions.start(account.id());
        assertThat(sessions.find(session.token())).get().extracting(Sessions.Session::accountId).isEqualTo(account.id());
        assertThat(sessions.find(session.token()).orElseThrow().csrf()).isEqualTo(session.csrf());
        long plain = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE token_hash = :t")
                .bind("t", session.token()).mapTo(Long.class).one());
        assertThat(plain).isZero();
        sessions.end(session.token());
        assertThat(sessions.find(session.token())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theLocalOwnerIsAnUnlimitedAdminCreatedOnce(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        Account owner = accounts.owner();
        assertThat(accounts.owner()).isEqualTo(owner);
        assertThat(owner.admin()).isTrue();
        assertThat(owner.plan()).isEqualTo(Plans.UNLIMITED);
        assertThat(owner.displayName()).isEqualTo("Owner");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void throttleRowsUntouchedForADayAreDeletedSoGuessingCannotFillTheStore(Store store) {
        HandClock clock = new HandClock();
        // Later than any row already in the store: other tests' and this test's own of an earlier run on the same database.
        long newest = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(MAX(CASE WHEN not_before > marked_at THEN not_before ELSE marked_at END), 0) FROM throttle").mapTo(Long.class).one());
        Instant start = Instant.ofEpochMilli(Math.max(newest, System.currentTimeMillis())).plus(Duration.ofDays(1));
        clock.advance(Duration.between(clock.instant(), start));
        Throttle throttle = new Throttle(store, clock);
        throttle.reserve("first-" + Math.random(), Accounts.FROM_ADDRESS);
        int before = throttle.rows();
        for (int i = 0; i < 50; i++) {
            throttle.reserve("guess-" + i + "-" + Math.random(), Accounts.ACCOUNT_FROM_ADDRESS);
        }
        assertThat(throttle.rows()).isEqualTo(before + 50);
        clock.advance(Throttle.FORGOTTEN_AFTER.plusHours(2));
        Throttle later = new Throttle(store, clock);
        later.reserve("one-more-" + Math.random(), Accounts.ACCOUNT_FROM_ADDRESS);
        assertThat(later.rows()).isEqualTo(1);
    }
}
