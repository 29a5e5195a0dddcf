package io.wizzygen.accounts;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may make an account on a team server, and how fast: {@link Mode#OPEN} (anyone; the default) or
 * {@link Mode#INVITE} (a single-use code from an admin, the first account's too); and at most
 * {@code perAddressPerHour} new accounts an hour from one address (default 5), counted in the store before the
 * password is hashed, so a flood is refused quickly instead of piling up work.
 */
public final class SignUps {

    /** How sign-up is opened. */
    public enum Mode {
        OPEN, INVITE;

        /** "open" or "invite"; a plain error otherwise. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Unknown --signup \"" + text + "\": use open (anyone may sign up) or invite (only with a code).");
            }
        }
    }

    /** The sign-up rules of a server. */
    public record Rules(Mode mode, int perAddressPerHour) {
        public static final Rules DEFAULT = new Rules(Mode.OPEN, 5);
    }

    private final Accounts accounts;
    private final Invites invites;
    private final Throttle throttle;
    private final Rules rules;
    private final Throttle.Window window;

    public SignUps(Accounts accounts, Invites invites, io.wizzygen.store.Store store, java.time.Clock clock, Rules rules) {
        this.accounts = accounts;
        this.invites = invites;
        this.throttle = new Throttle(store, clock);
        this.rules = rules;
        this.window = new Throttle.Window(rules.perAddressPerHour(), Duration.ofHours(1));
    }

    public Mode mode() {
        return rules.mode();
    }

    /** A new account from {@code address}; {@code inviteCode} is needed in invite mode (and ignored otherwise). */
    public Account signUp(String email, String password, String inviteCode, String address) {
        if (rules.mode() == Mode.INVITE) {
            invites.requireUsable(inviteCode);
        }
        String key = "sign-up-from:" + address;
        Optional<Duration> wait = throttle.reserve(key, window);
        if (wait.isPresent()) {
            throw AccountException.throttled(AccountException.About.EMAIL, "Too many new accounts from this address. Wait " + Math.max(1, (wait.get().toSeconds() + 59) / 60)
                    + " minutes and try again, or ask an admin of this server.");
        }
        try {
            return accounts.create(email, password, rules.mode() == Mode.INVITE ? (h, id) -> invites.claim(h, inviteCode, id) : (h, id) -> { });
        } catch (RuntimeException notCreated) {
            throttle.giveBack(key); // only accounts made count against the address
            throw notCreated;
        }
    }
}
