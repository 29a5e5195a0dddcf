package io.wizzygen.generation;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.PropertySchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Checks a database job against the database's schema and chooses what the job left open. */
final class DatabasePlanner {

    static final String STATUS_PROPERTY = "AI Status";
    static final String ERROR_PROPERTY = "AI Error";

    private DatabasePlanner() {
    }

    /** Every wrong link, name or type is a clear error before anything runs. */
    static DatabaseRunner.Plan plan(NotionClient notion, DatabaseJob job, String engineKind) {
        PromptTemplate template = new PromptTemplate(job.prompt());
        Database database = notion.retrieveDatabase(NotionIds.parse(job.databaseLink()));
        DataSource source = notion.retrieveDataSource(chooseSource(database, job.dataSourceName()).id());
        List<String> inputs = job.inputs().isEmpty() ? List.of(source.titleProperty()) : job.inputs();
        for (String input : inputs) {
            require(source, input, "input");
        }
        for (String placeholder : template.placeholders()) {
            require(source, placeholder, "placeholder {{" + placeholder + "}} in the prompt");
        }
        PropertySchema checkbox = checkbox(job, database, source);
        List<PropertySchema> outputs = outputs(job, database, source, inputs);
        for (PropertySchema output : outputs) {
            if (output.name().equals(checkbox.name())) {
                throw new IllegalArgumentException("\"" + output.name() + "\" is the checkbox that marks rows to process; choose another output.");
            }
            if (inputs.contains(output.name())) {
                throw new IllegalArgumentException("\"" + output.name() + "\" cannot be both an input and an output: choose it in one place only.");
            }
        }
        // One output takes the AI's bare answer, as it always has; several are one JSON answer, checked field by field.
        OutputSchema schema = outputs.size() > 1 ? OutputSchema.of(outputs, job.allowNewOptions()) : null;
        PropertySchema status = source.property(STATUS_PROPERTY).filter(p -> p.type().equals("select") || p.type().equals("status")).orElse(null);
        PropertySchema error = source.property(ERROR_PROPERTY).filter(p -> p.type().equals("rich_text")).orElse(null);
        String runKey = hash(source.id() + "|" + outputKey(outputs, schema, job) + "|" + checkbox.name() + "|" + inputs + "|" + job.prompt() + "|"
                + (job.model() == null ? "" : job.model()) + "|" + engineKind);
        return new DatabaseRunner.Plan(job, source, inputs, outputs, schema, checkbox, status, error, template, runKey);
    }

    /** One output keeps the run keys of earlier versions, so their stored answers are still found on resume. */
    private static String outputKey(List<PropertySchema> outputs, OutputSchema schema, DatabaseJob job) {
        return schema == null ? outputs.getFirst().name()
                : String.join("\n", outputs.stream().map(PropertySchema::name).toList()) + (job.allowNewOptions() ? "\n+new options" : "");
    }

    /** The checkbox named, else the database's first checkbox. */
    private static PropertySchema checkbox(DatabaseJob job, Database database, DataSource source) {
        PropertySchema checkbox = job.checkbox() != null ? require(source, job.checkbox(), "checkbox")
                : source.properties().values().stream().filter(p -> p.type().equals("checkbox")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has no checkbox property to tick rows with. "
                        + "Add one (e.g. \"Generate\") in Notion, or name one with --checkbox."));
        if (!checkbox.type().equals("checkbox")) {
            throw new IllegalArgumentException("\"" + checkbox.name() + "\" is a " + checkbox.type() + " property, not a checkbox.");
        }
        return checkbox;
    }

    /** The outputs named, else the first text property that is neither an input nor AI Error. */
    private static List<PropertySchema> outputs(DatabaseJob job, Database database, DataSource source, List<String> inputs) {
        if (job.outputs().size() > 1) {
            // Whether each can be filled from a JSON answer, OutputSchema says (with the types it takes).
            return job.outputs().stream().map(name -> require(source, name, "output")).toList();
        }
        PropertySchema output = !job.outputs().isEmpty() ? require(source, job.outputs().getFirst(), "output")
                : source.properties().values().stream().filter(p -> p.type().equals("rich_text") && !inputs.contains(p.name())
                        && !p.name().equals(ERROR_PROPERTY)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has no text property for the answers. "
                        + "Add one (e.g. \"Content\"), or name the output with --output."));
        if (!OutputValue.WRITABLE.contains(output.type())) {
            throw new IllegalArgumentException("The output \"" + output.name() + "\" is a " + output.type() + " property, which cannot hold "
                    + "an answer. Choose a text, select, multi-select, status, number, URL or checkbox property.");
        }
        return List.of(output);
    }

    private static Database.DataSourceRef chooseSource(Database database, String name) {
        if (database.dataSources().isEmpty()) {
            throw new IllegalArgumentException("\"" + database.title() + "\" has no data source the integration can read.");
        }
        if (database.dataSources().size() == 1 && name == null) {
            return database.dataSources().getFirst();
        }
        return database.dataSources().stream().filter(ds -> ds.name().equalsIgnoreCase(name == null ? "" : name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + database.title() + "\" has several data sources; name one of: "
                        + String.join(", ", database.dataSources().stream().map(Database.DataSourceRef::name).toList()) + "."));
    }

    private static PropertySchema require(DataSource source, String name, String role) {
        return source.property(name).orElseThrow(() -> new IllegalArgumentException("The " + role + " \"" + name
                + "\" is not a property of this database. Its properties are: " + String.join(", ", source.properties().keySet()) + "."));
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
