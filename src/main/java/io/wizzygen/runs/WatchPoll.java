package io.wizzygen.runs;

import io.wizzygen.generation.WatchQuery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one poll decides from the rows it found, the same for a durable watch and {@code generate database --watch}:
 * <ul>
 * <li>a ticked row starts a run — unless it failed in the connection's latest run and nobody has edited it since
 *     (failed rows stay ticked, and the failure written into them is an edit: without this, a row that keeps failing
 *     would start a run at every poll);</li>
 * <li>a new row (found only when new rows count) is ticked by the watch, once, and then runs as any ticked row.</li>
 * </ul>
 * A run processes every ticked row, so reading stops at the first row that starts one ({@code readAll} false: the
 * cursor must not move past rows not read).
 */
final class WatchPoll {

    private WatchPoll() {
    }

    /** What to do: tick {@code toTick}, remember {@code remember}, start a run when {@code run}, said as {@code trigger}. */
    record Decision(boolean run, List<WatchQuery.Seen> toTick, List<WatchStore.RowMemory> remember, boolean readAll, String trigger) {
    }

    /**
     * @param failedInLatest the rows that failed in the connection's latest run (asked only when a ticked row needs it)
     * @param latestRun      that run's id (null: none yet)
     */
    static Decision decide(Iterator<WatchQuery.Seen> found, Supplier<Set<String>> failedInLatest, String latestRun,
                           Map<String, WatchStore.RowMemory> memory) {
        List<WatchQuery.Seen> toTick = new ArrayList<>();
        Map<String, WatchStore.RowMemory> remember = new LinkedHashMap<>();
        WatchQuery.Seen trigger = null;
        while (trigger == null && found.hasNext()) {
            WatchQuery.Seen row = found.next();
            WatchStore.RowMemory known = memory.get(row.id());
            if (!row.ticked()) {
                if (known == null || !known.tickedByWatch()) {
                    toTick.add(row);
                    remember.put(row.id(), new WatchStore.RowMemory(row.id(), true, known == null ? null : known.quietRun(),
                            known == null ? null : known.quietEdited()));
                }
            } else if (latestRun != null && failedInLatest.get().contains(row.id())) {
                boolean quietSinceThen = known != null && latestRun.equals(known.quietRun());
                if (quietSinceThen && !Objects.equals(known.quietEdited(), row.lastEdited())) {
                    trigger = row; // edited after it failed: someone wants it tried again
                } else if (!quietSinceThen) {
                    remember.put(row.id(), new WatchStore.RowMemory(row.id(), known != null && known.tickedByWatch(), latestRun, row.lastEdited()));
                }
            } else {
                trigger = row;
            }
        }
        boolean run = trigger != null || !toTick.isEmpty();
        return new Decision(run, List.copyOf(toTick), List.copyOf(remember.values()), trigger == null, describe(trigger, toTick));
    }

    private static String describe(WatchQuery.Seen ticked, List<WatchQuery.Seen> toTick) {
        List<String> parts = new ArrayList<>();
        if (ticked != null) {
            parts.add("\"" + shorten(ticked.title()) + "\" ticked");
        }
        if (!toTick.isEmpty()) {
            parts.add(toTick.size() == 1 ? "new row \"" + shorten(toTick.getFirst().title()) + "\"" : toTick.size() + " new rows");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String shorten(String title) {
        String plain = title == null || title.isBlank() ? "Untitled" : title.strip();
        return plain.length() <= 60 ? plain : plain.substring(0, 59) + "…";
    }
}
