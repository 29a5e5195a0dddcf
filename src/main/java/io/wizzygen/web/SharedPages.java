package io.wizzygen.web;

import io.wizzygen.connections.Targets;
import io.wizzygen.notion.NotionException;
import io.wizzygen.store.Settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages an account's integration can see (to create a sample or the Connections database in), kept briefly per
 * account: the lists are fetched lazily, when a person opens the part of a page that needs them, and many visits in a
 * row cost one Notion search, not one each against Notion's 3 requests a second.
 */
final class SharedPages {

    static final Duration KEPT = Duration.ofSeconds(60);

    private record Kept(int secret, Instant until, List<Targets.Place> places) {
    }

    private final WebContext app;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    SharedPages(WebContext app, Clock clock) {
        this.app = app;
        this.clock = clock;
    }

    /** The account's shared pages as places; none without a Notion secret or when Notion cannot be reached (nothing is kept then). */
    List<Targets.Place> of(String account) {
        Settings saved = app.settingsOf(account);
        if (!app.clients().hasNotionSecret(saved)) {
            return List.of();
        }
        int secret = Objects.hashCode(saved.notionSecret()); // another secret sees other pages
        Kept now = kept.get(account);
        if (now != null && now.secret() == secret && clock.instant().isBefore(now.until())) {
            return now.places();
        }
        try {
            List<Targets.Place> places = new Targets(app.clients().notion(saved)).places();
            kept.put(account, new Kept(secret, clock.instant().plus(KEPT), places));
            return places;
        } catch (NotionException | IllegalArgumentException unreachable) {
            return List.of();
        }
    }

    /** Forgets the account's list (after Wizzygen created a page there, so the next list shows it). */
    void forget(String account) {
        kept.remove(account);
    }
}
