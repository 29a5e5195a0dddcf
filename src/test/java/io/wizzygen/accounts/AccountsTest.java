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

    @ParameterizedTest
    @MethodSource("stores")
    void fiveFailedSignInsLockTheAccountForAWhileEvenAgainstTheRightPassword(Store store) {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        Accounts accounts = new Accounts(store, clock);
        String email = Stores.email();
        accounts.signUp(email, "correct horse battery");
        for (int i = 0; i < SignInThrottle.PER_ACCOUNT; i++) {
            assertThatThrownBy(() -> accounts.signIn(email, "guess", "10.0.0." + Math.random())).hasMessageContaining("do not match");
        }
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", "10.9.9.9")).hasMessageContaining("Too many failed sign-ins");
        now.set(now.get().plus(SignInThrottle.WINDOW).plus(Duration.ofSeconds(1)));
        assertThat(accounts.signIn(email, "correct horse battery", "10.9.9.9").email()).isEqualTo(email);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void oneAddressGuessingAcrossManyAccountsIsSlowedDown(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String address = "192.0.2." + (int) (Math.random() * 250);
        for (int i = 0; i < SignInThrottle.PER_ADDRESS; i++) {
            assertThatThrownBy(() -> accounts.signIn(Stores.email(), "guess", address)).hasMessageContaining("do not match");
        }
        String email = Stores.email();
        accounts.signUp(email, "correct horse battery");
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", address)).hasMessageContaining("Too many");
        assertThat(accounts.signIn(email, "correct horse battery", "198.51.100.1").email()).isEqualTo(email);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPasswordChangeNeedsTheCurrentPassword(Store store) {
        Accounts accounts = new Accounts(store, Clock.systemUTC());
        String email = Stores.email();
        Account account = accounts.signUp(email, "correct horse battery");
        assertThatThrownBy(() -> accounts.changePassword(account.id(), "wrong", "a brand new passphrase")).hasMessageContaining("current password");
        accounts.changePassword(account.id(), "correct horse battery", "a brand new passphrase");
        assertThat(accounts.signIn(email, "a brand new passphrase", "10.1.1.1").id()).isEqualTo(account.id());
        assertThatThrownBy(() -> accounts.signIn(email, "correct horse battery", "10.1.1.1")).isInstanceOf(AccountException.class);
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

    @org.junit.jupiter.api.Test
    void failedSignInsThatHaveLeftTheWindowAreForgottenSoGuessingCannotFillMemory() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        SignInThrottle throttle = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.FORGET_ABOVE; i++) {
            throttle.failed("guess-" + i + "@example.com", "192.0.2.1");
        }
        assertThat(throttle.tracked()).isGreaterThan(SignInThrottle.FORGET_ABOVE);
        now.set(now.get().plus(SignInThrottle.WINDOW).plusSeconds(1));
        throttle.failed("one-more@example.com", "192.0.2.2");
        assertThat(throttle.tracked()).isEqualTo(2);
        assertThat(throttle.wait("one-more@example.com", "192.0.2.2")).isEmpty();
    }
}
