package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;

/** Messages people send from the Feedback tab, with an optional rating of 1 to 5; admins read and search them. */
public final class Feedback {

    public static final int MAX_LENGTH = 10_000;

    private final Jdbi jdbi;
    private final Clock clock;

    public Feedback(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** One message as stored. */
    public record Entry(String id, String accountId, String email, String message, Integer rating, Instant created) {
    }

    public Entry send(Account from, String message, Integer rating) {
        String text = message == null ? "" : message.strip();
        if (text.isEmpty()) {
            throw new AccountException(AccountException.About.MESSAGE, "Write a message first: what works, what does not, what you wish for.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new AccountException(AccountException.About.MESSAGE, "The message is " + String.format(Locale.ROOT, "%,d", text.length()) + " characters long; keep it to "
                    + String.format(Locale.ROOT, "%,d", MAX_LENGTH) + " or fewer (send a second message for the rest).");
        }
        if (rating != null && (rating < 1 || rating > 5)) {
            throw new AccountException(AccountException.About.RATING, "A rating is from 1 to 5 stars, or none.");
        }
        Entry entry = new Entry(UUID.randomUUID().toString(), from.id(), from.email(), text, rating, clock.instant());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO feedback (id, account_id, email, message, rating, created_at) "
                        + "VALUES (:id, :account, :email, :message, :rating, :created)")
                .bind("id", entry.id()).bind("account", entry.accountId()).bind("email", entry.email()).bind("message", entry.message())
                .bind("rating", entry.rating()).bind("created", entry.created().toString()).execute());
        return entry;
    }

    /** Where an admin asked feedback to be copied: a Notion database's link, written with that admin's own Notion secret. */
    public record Copy(String adminId, String link) {
    }

    /** Copies every new message to {@code link} with the admin's Notion secret; a blank link stops copying. */
    public void copyTo(Account admin, String link) {
        if (!admin.admin()) {
            throw new AccountException("Only an admin can choose where feedback is copied.");
        }
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM app_options WHERE name IN ('feedback.copy.link', 'feedback.copy.admin')").execute();
            if (link != null && !link.isBlank()) {
                h.createUpdate("INSERT INTO app_options (name, value) VALUES ('feedback.copy.link', :link), ('feedback.copy.admin', :admin)")
                        .bind("link", link.strip()).bind("admin", admin.id()).execute();
            }
        });
    }

    public java.util.Optional<Copy> copy() {
        Map<String, String> options = jdbi.withHandle(h -> h.createQuery("SELECT name, value FROM app_options WHERE name LIKE 'feedback.copy.%'")
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("value"))).list()).stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return options.containsKey("feedback.copy.link")
                ? java.util.Optional.of(new Copy(options.get("feedback.copy.admin"), options.get("feedback.copy.link"))) : java.util.Optional.empty();
    }

    /** The newest first; {@code search} matches the message or the sender's email, case-insensitively. */
    public List<Entry> list(String search, int limit) {
        String like = search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM feedback"
                        + (like == null ? "" : " WHERE LOWER(message) LIKE :like ESCAPE '!' OR LOWER(COALESCE(email, '')) LIKE :like ESCAPE '!'")
                        + " ORDER BY created_at DESC LIMIT :limit")
                .bind("like", like).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString("id"), rs.getString("account_id"), rs.getString("email"), rs.getString("message"),
                        rs.getObject("rating") == null ? null : rs.getInt("rating"), Instant.parse(rs.getString("created_at"))))
                .list());
    }
}
