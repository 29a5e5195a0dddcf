package io.wizzygen.runs;

import io.wizzygen.generation.WatchQuery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What one poll decides from the rows it found: which start a run, which it ticks, which it stays quiet about. */
class WatchPollTest {

    private static final String EARLIER = "2026-05-01T10:00:00.000Z";
    private static final String LATER = "2026-05-01T10:03:00.000Z";

    private static WatchQuery.Seen ticked(String id, String edited) {
        return new WatchQuery.Seen(id, "Row " + id, true, edited);
    }

    private static WatchQuery.Seen fresh(String id) {
        return new WatchQuery.Seen(id, "New " + id, false, EARLIER);
    }

    @Test
    void aTickedRowStartsARunAndReadingStopsThere() {
        List<WatchQuery.Seen> found = List.of(ticked("a", EARLIER), ticked("b", EARLIER));
        var rows = found.iterator();
        WatchPoll.Decision decision = WatchPoll.decide(rows, Set::of, null, Map.of());
        assertThat(decision.run()).isTrue();
        assertThat(decision.trigger()).isEqualTo("\"Row a\" ticked");
        assertThat(decision.readAll()).as("the cursor may not pass rows not read").isFalse();
        assertThat(rows.hasNext()).as("the run looks at every ticked row itself").isTrue();
    }

    @Test
    void nothingFoundStartsNothingAndTheCursorMayMove() {
        WatchPoll.Decision decision = WatchPoll.decide(List.<WatchQuery.Seen>of().iterator(), Set::of, "run-1", Map.of());
        assertThat(decision.run()).isFalse();
        assertThat(decision.readAll()).isTrue();
        assertThat(decision.trigger()).isNull();
    }

    @Test
    void aRowThatFailedInTheLatestRunStaysQuietUntilItIsEditedAgain() {
        AtomicInteger asked = new AtomicInteger();
        WatchPoll.Decision first = WatchPoll.decide(List.of(ticked("a", EARLIER)).iterator(), () -> {
            asked.incrementAndGet();
            return Set.of("a");
        }, "run-1", Map.of());
        assertThat(first.run()).as("its failure, written into it, is no reason to run again").isFalse();
        assertThat(first.readAll()).isTrue();
        assertThat(first.remember()).containsExactly(new WatchStore.RowMemory("a", false, "run-1", EARLIER));
        assertThat(asked).hasValue(1);

        Map<String, WatchStore.RowMemory> memory = Map.of("a", first.remember().getFirst());
        assertThat(WatchPoll.decide(List.of(ticked("a", EARLIER)).iterator(), () -> Set.of("a"), "run-1", memory).run())
                .as("seen again unchanged").isFalse();
        WatchPoll.Decision edited = WatchPoll.decide(List.of(ticked("a", LATER)).iterator(), () -> Set.of("a"), "run-1", memory);
        assertThat(edited.run()).as("edited since it failed: someone wants it tried again").isTrue();
        assertThat(edited.trigger()).isEqualTo("\"Row a\" ticked");
    }

    @Test
    void aRowThatFailsAgainInANewerRunStaysQuietAboutThatRun() {
        Map<String, WatchStore.RowMemory> memory = Map.of("a", new WatchStore.RowMemory("a", false, "run-1", EARLIER));
        WatchPoll.Decision decision = WatchPoll.decide(List.of(ticked("a", LATER)).iterator(), () -> Set.of("a"), "run-2", memory);
        assertThat(decision.run()).as("its failure in run-2 is the edit seen, not a person's").isFalse();
        assertThat(decision.remember()).containsExactly(new WatchStore.RowMemory("a", false, "run-2", LATER));
    }

    @Test
    void theFailedRowsAreAskedOnlyWhenATickedRowNeedsThem() {
        AtomicInteger asked = new AtomicInteger();
        WatchPoll.decide(List.of(fresh("n")).iterator(), () -> {
            asked.incrementAndGet();
            return Set.of();
        }, "run-1", Map.of());
        assertThat(asked).hasValue(0);
    }

    @Test
    void aNewRowIsTickedOnceAndNeverAgain() {
        WatchPoll.Decision first = WatchPoll.decide(List.of(fresh("n"), fresh("m")).iterator(), Set::of, null, Map.of());
        assertThat(first.run()).isTrue();
        assertThat(first.toTick()).extracting(WatchQuery.Seen::id).containsExactly("n", "m");
        assertThat(first.trigger()).isEqualTo("2 new rows");
        assertThat(first.remember()).allMatch(WatchStore.RowMemory::tickedByWatch);

        Map<String, WatchStore.RowMemory> memory = Map.of("n", first.remember().getFirst());
        WatchPoll.Decision again = WatchPoll.decide(List.of(fresh("n")).iterator(), Set::of, "run-1", memory);
        assertThat(again.toTick()).as("unticked again by a person after the watch ticked it: left alone").isEmpty();
        assertThat(again.run()).isFalse();
    }
}
