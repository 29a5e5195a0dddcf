package io.wizzygen.generation;

import java.util.List;

/**
 * A database run as asked for: the database link, the prompt, and the optional choices (input, output and
 * checkbox properties; only rows whose output is empty; a row limit; concurrency; preview; data source name).
 * Nulls and empty lists mean "choose for me".
 */
public record DatabaseJob(String databaseLink, String prompt, List<String> inputs, String output, String checkbox,
                          boolean onlyEmpty, Integer limit, Integer concurrency, String dataSourceName, String model,
                          Double temperature) {

    public DatabaseJob {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    public static DatabaseJob of(String databaseLink, String prompt) {
        return new DatabaseJob(databaseLink, prompt, List.of(), null, null, false, null, null, null, null, null);
    }
}
