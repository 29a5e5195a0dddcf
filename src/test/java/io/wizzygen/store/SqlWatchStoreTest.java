package io.wizzygen.store;

import io.wizzygen.generation.WatchQuery;
import io.wizzygen.runs.Watch;
import io.wizzygen.runs.WatchStore;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Watches, what they remember of rows, and webhook tokens and event ids, on SQLite and on PostgreSQL. */
class SqlWatchStoreTest {

    private static final Path FOLDER = folder();

    static List<Named<Store>> stores() throws Exception {
        return SqlRunStoreTest.stores();
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("wizzygen-watch-store");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SqlWatchStore watches(Store store) {
        return new SqlWatchStore(store, SecretBox.open(FOLDER, "watch-store-test-key"));
    }

    private static Watch watch(String account, String source) {
        WatchQuery query = new WatchQuery(source, UUID.randomUUID().toString(), "Generate", List.of("Content"), List.of("rich_text"), "Topic", false);
        return new Watch(UUID.randomUUID().toString(), account, true, Duration.ofSeconds(10), query, "hash-1",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null, null, null, null, null, false);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aWatchIsKeptPolledAndStoppedOnceWithItsReason(Store store) {
        SqlWatchStore watches = watches(store);
        String source = UUID.randomUUID().toString();
        Watch watch = watch("ada", source);
        watches.save(watch);
        assertThat(watches.find(watch.connectionId())).hasValue(watch);
        assertThat(watches.watching(source)).containsExactly(watch);
        assertThat(watches.watching(watch.query().databaseId())).as("found by its database too").containsExactly(watch);

        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        watches.polled(watch.connectionId(), first, first, "\"Row 1\" ticked", null);
        watches.polled(watch.connectionId(), first.plusSeconds(10), null, null, "Notion could not be reached");
        Watch polled = watches.find(watch.connectionId()).orElseThrow();
        assertThat(polled.cursor()).as("a poll that read only part keeps the cursor").isEqualTo(first);
        assertThat(polled.lastTriggerAt()).isEqualTo(first);
        assertThat(polled.lastTrigger()).isEqualTo("\"Row 1\" ticked");
        assertThat(polled.lastPollAt()).isEqualTo(first.plusSeconds(10));
        assertThat(polled.lastError()).isEqualTo("Notion could not be reached");

        assertThat(watches.stop(watch.connectionId(), "The plan's prompts are used up.", true, first)).isTrue();
        assertThat(watches.stop(watch.connectionId(), "again", false, first)).as("stopped once").isFalse();
        Watch stopped = watches.find(watch.connectionId()).orElseThrow();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.stopReason()).isEqualTo("The plan's prompts are used up.");
        assertThat(stopped.upgrade()).isTrue();
        assertThat(watches.watching(source)).as("a stopped watch is woken by nothing").isEmpty();
        assertThat(watches.of("ada")).extracting(Watch::connectionId).contains(watch.connectionId());
        assertThat(watches.of("bob")).isEmpty();

        watches.delete(watch.connectionId());
        assertThat(watches.find(watch.connectionId())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aWakeAskedForDuringAPollIsTakenOnce(Store store) {
        SqlWatchStore watches = watches(store);
        Watch watch = watch("ada", UUID.randomUUID().toString());
        watches.save(watch);
        assertThat(watches.takeWake(watch.connectionId())).isFalse();
        watches.requestWake(watch.connectionId());
        watches.requestWake(watch.connectionId());
        assertThat(watches.takeWake(watch.connectionId())).isTrue();
        assertThat(watches.takeWake(watch.connectionId())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void quietRowsOfAnEarlierRunAreForgottenAndRowsTheWatchTickedAreKept(Store store) {
        SqlWatchStore watches = watches(store);
        Watch watch = watch("ada", UUID.randomUUID().toString());
        watches.save(watch);
        watches.remember(watch.connectionId(), List.of(new WatchStore.RowMemory("a", false, "run-1", "t1"),
                new WatchStore.RowMemory("n", true, null, null)), "run-1");
        assertThat(watches.rows(watch.connectionId())).containsOnlyKeys("a", "n");

        watches.remember(watch.connectionId(), List.of(new WatchStore.RowMemory("b", false, "run-2", "t2")), "run-2");
        assertThat(watches.rows(watch.connectionId())).containsOnlyKeys("b", "n");
        assertThat(watches.rows(watch.connectionId()).get("n").tickedByWatch()).isTrue();

        watches.save(watch);
        assertThat(watches.rows(watch.connectionId())).as("switched on again: a fresh start").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theVerificationTokenIsSealedShownOnceAndThenSignsEvents(Store store) {
        SqlWatchStore webhooks = watches(store);
        store.jdbi().useHandle(h -> h.execute("DELETE FROM webhook_tokens"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        webhooks.keepPending("secret_first", now);
        webhooks.keepPending("secret_0123456789abcdef", now.plusSeconds(1));
        assertThat(webhooks.active()).isEmpty();
        assertThat(webhooks.status().pendingSince()).isEqualTo(now.plusSeconds(1));
        List<String> kept = store.jdbi().withHandle(h -> h.createQuery("SELECT token FROM webhook_tokens").mapTo(String.class).list());
        assertThat(kept).hasSize(1).noneMatch(token -> token.contains("0123456789abcdef"));

        assertThat(webhooks.activatePending(now.plusSeconds(2))).hasValue("secret_0123456789abcdef");
        assertThat(webhooks.activatePending(now.plusSeconds(3))).as("shown once").isEmpty();
        assertThat(webhooks.active()).hasValue("secret_0123456789abcdef");
        assertThat(webhooks.status().activeEnding()).isEqualTo("cdef");
        assertThat(webhooks.status().pendingSince()).isNull();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anEventIdSeenBeforeIsAReplayUntilItIsForgotten(Store store) {
        SqlWatchStore webhooks = watches(store);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(webhooks.firstSight(id, now, now.minusSeconds(1200))).isTrue();
        assertThat(webhooks.firstSight(id, now.plusSeconds(60), now.minusSeconds(1140))).isFalse();
        assertThat(webhooks.firstSight(UUID.randomUUID().toString(), now.plusSeconds(7200), now.plusSeconds(6000)))
                .as("a later event, while the old ids are forgotten").isTrue();
        assertThat(webhooks.firstSight(id, now.plusSeconds(7200), now.plusSeconds(6000))).as("forgotten by then").isTrue();
    }
}
