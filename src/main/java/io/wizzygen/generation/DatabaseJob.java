package io.wizzygen.generation;

import java.util.List;

/**
 * A database run as asked for: the database link, the prompt, and the optional choices (input and output
 * properties; the checkbox; only rows whose outputs are empty; a row limit; concurrency; data source name; model and
 * temperature). One output (or none: "choose for me") takes the AI's bare answer; several are filled from one JSON
 * answer, where {@code allowNewOptions} lets a select or multi-select answer add an option. Nulls and empty lists
 * mean "choose for me".
 */
public record DatabaseJob(String databaseLink, String prompt, List<String> inputs, List<String> outputs, String checkbox,
                          boolean onlyEmpty, Integer limit, Integer concurrency, String dataSourceName, String model,
                          Double temperature, boolean allowNewOptions) {

    public DatabaseJob {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    public static DatabaseJob of(String databaseLink, String prompt) {
        return new DatabaseJob(databaseLink, prompt, List.of(), List.of(), null, false, null, null, null, null, null, false);
    }

    /** This job writing into these output properties (several: one AI call fills them all). */
    public DatabaseJob withOutputs(List<String> names) {
        return new DatabaseJob(databaseLink, prompt, inputs, names, checkbox, onlyEmpty, limit, concurrency, dataSourceName, model,
                temperature, allowNewOptions);
    }
}
