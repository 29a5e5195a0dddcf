package io.wizzygen.runs;

import io.wizzygen.generation.DatabaseRunner;

/** What a run reports while it goes, the same for the app's progress panel and the command line's lines. */
public sealed interface Progress {

    /** The run began writing with this engine (and, for a database, into this output property). */
    record Started(String engine, String output) implements Progress {
    }

    /** A piece of a page's answer as the AI writes it. */
    record Text(String piece) implements Progress {
    }

    /** Blocks appended to the page so far. */
    record Blocks(int total) implements Progress {
    }

    /** One row's state; {@code totals} is null while it runs. */
    record Row(String rowId, String title, RowState state, String output, String reason, DatabaseRunner.Totals totals) implements Progress {
    }

    /** What happened to a row, in the words the app and the command line show. */
    enum RowState {
        RUNNING("running"), WRITTEN("written"), FAILED("failed"), NOT_REACHED("not reached");

        private final String word;

        RowState(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** A generation event of a database run as progress. */
    static Row of(DatabaseRunner.RowEvent event) {
        return switch (event) {
            case DatabaseRunner.RowEvent.Started s -> new Row(s.rowId(), s.title(), RowState.RUNNING, null, null, null);
            case DatabaseRunner.RowEvent.Written w -> new Row(w.rowId(), w.title(), RowState.WRITTEN, w.output(), null, w.totals());
            case DatabaseRunner.RowEvent.Failed f -> new Row(f.rowId(), f.title(), RowState.FAILED, null, f.reason(), f.totals());
            case DatabaseRunner.RowEvent.NotReached n -> new Row(n.rowId(), n.title(), RowState.NOT_REACHED, null, n.reason(), n.totals());
        };
    }
}
