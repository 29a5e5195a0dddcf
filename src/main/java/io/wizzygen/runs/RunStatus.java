package io.wizzygen.runs;

import java.util.Locale;

/** Where a run is; the finished ones carry the words the Connections database and the app show. */
public enum RunStatus {
    QUEUED("Queued"), RUNNING("Running"), DONE("Done"), PARTLY_FAILED("Partly failed"), FAILED("Failed"), STOPPED("Stopped");

    private final String label;

    RunStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    static RunStatus parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
