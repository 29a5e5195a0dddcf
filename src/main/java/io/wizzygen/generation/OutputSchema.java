package io.wizzygen.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.ResponseSchema;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The JSON one AI call answers to fill several properties of a row: built per run from the output properties of
 * a data source, handed to the engine as a {@link ResponseSchema}, and every answer checked against it before
 * anything is written. An answer fits whole or not at all (no half-filled rows), and when it does not, one
 * repair call shows the AI its answer and what was wrong with it.
 */
public final class OutputSchema {

    /** The system instruction for a row whose outputs one call fills (the single-output one asks for a bare value). */
    public static final String SYSTEM = "You fill several fields of one Notion database row. Answer with one JSON object that has a "
            + "value for every field, following each field's description; no preamble, no Markdown.";
    /** The name engines see for the schema (OpenAI's {@code json_schema.name}). */
    static final String NAME = "notion_row";
    private static final ObjectReader STRICT_JSON = new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** How much of a bad answer the repair prompt quotes. */
    private static final int QUOTED_ANSWER = 4000;

    /** Whether an answer fits: its Notion values by property name, or why not, field by field. */
    public sealed interface Fit {
        record Fits(Map<String, PropertyValue> values) implements Fit {
            public Fits {
                values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            }
        }

        /** {@code reason} names each field that does not fit, e.g. "Sentiment: 'meh' is not one of Positive, Neutral, Negative". */
        record DoesNotFit(String reason) implements Fit {
        }
    }

    /**
     * What a row's call (and its repair, if one was needed) produced: the last answer with the calls' tokens and
     * latency added up, whether it fits, and how many calls it took (1 or 2).
     */
    public record Answer(AiResult result, Fit fit, int calls) {
        /** The answer's JSON text: what the run log stores, and what {@link #fit(String)} reads again on resume. */
        public String json() {
            return result.text();
        }
    }

    private final List<OutputField> fields;
    private final ResponseSchema schema;

    private OutputSchema(List<OutputField> fields) {
        this.fields = List.copyOf(fields);
        this.schema = new ResponseSchema(NAME, jsonSchema(this.fields));
    }

    /**
     * The schema for these output properties, in their order.
     *
     * @param allowNewOptions whether a select or multi-select answer may name an option the property does not have yet
     *                        (Notion creates it on write; status options never)
     * @throws IllegalArgumentException naming the property that cannot be an output, and what to do
     */
    public static OutputSchema of(List<PropertySchema> outputs, boolean allowNewOptions) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one output property for the AI to fill.");
        }
        Set<String> seen = new HashSet<>();
        List<OutputField> fields = new ArrayList<>();
        for (PropertySchema output : outputs) {
            if (!seen.add(output.name())) {
                throw new IllegalArgumentException(output.name() + " is chosen twice as an output: choose each property once.");
            }
            fields.add(new OutputField(output, allowNewOptions));
        }
        return new OutputSchema(fields);
    }

    public List<PropertySchema> outputs() {
        return fields.stream().map(OutputField::property).toList();
    }

    /** What to hand the engine: {@code request.withSchema(schema.responseSchema())} ({@link #ask} does it). */
    public ResponseSchema responseSchema() {
        return schema;
    }

    private static ObjectNode jsonSchema(List<OutputField> fields) {
        ObjectNode json = new ObjectMapper().createObjectNode().put("type", "object");
        ObjectNode properties = json.putObject("properties");
        ArrayNode required = json.putArray("required");
        for (OutputField field : fields) {
            properties.set(field.name(), field.schema());
            required.add(field.name());
        }
        json.put("additionalProperties", false);
        return json;
    }

    /**
     * Checks an answer: a JSON object (a Markdown code fence or words around it are tolerated) with a fitting value
     * for every output. Keys that are not outputs are ignored.
     */
    public Fit fit(String answer) {
        JsonNode json;
        try {
            json = parse(answer == null ? "" : answer);
        } catch (JsonProcessingException e) {
            return new Fit.DoesNotFit("The answer is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!json.isObject()) {
            return new Fit.DoesNotFit("The answer is not a JSON object with the fields " + String.join(", ", names()));
        }
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (OutputField field : fields) {
            if (!json.has(field.name())) {
                problems.add(field.name() + ": missing from the answer");
                continue;
            }
            try {
                values.put(field.name(), field.read(json.get(field.name())));
            } catch (IllegalArgumentException e) {
                problems.add(field.name() + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? new Fit.Fits(values) : new Fit.DoesNotFit(String.join("; ", problems));
    }

    private static JsonNode parse(String answer) throws JsonProcessingException {
        String text = answer.strip().replaceFirst("^```[A-Za-z]*\\s*", "").replaceFirst("\\s*```$", "");
        try {
            return STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            int start = text.indexOf('{');
            int end = text.lastIndexOf('}');
            if (start < 0 || end <= start || (start == 0 && end == text.length() - 1)) {
                throw e;
            }
            return STRICT_JSON.readTree(text.substring(start, end + 1));
        }
    }

    private List<String> names() {
        return fields.stream().map(OutputField::name).toList();
    }

    /**
     * Asks {@code engine} for a row's answer with this schema, and when the answer does not fit, asks once more
     * with the bad answer and the reason. Each call's result goes to {@code eachCall} as it arrives (for the run's
     * cost), so a failing second call loses no tokens. {@link io.wizzygen.ai.AiException}s pass through as from
     * any call.
     */
    public Answer ask(AiEngine engine, AiRequest request, Consumer<AiResult> eachCall) {
        AiRequest structured = request.withSchema(schema);
        AiResult first = engine.generate(structured);
        eachCall.accept(first);
        Fit fit = fit(first.text());
        if (fit instanceof Fit.Fits) {
            return new Answer(first, fit, 1);
        }
        AiResult second = engine.generate(repair(structured, first, (Fit.DoesNotFit) fit));
        eachCall.accept(second);
        AiResult both = new AiResult(second.text(), second.finishReason(), first.usage().plus(second.usage()), second.model(),
                first.latency().plus(second.latency()));
        return new Answer(both, fit(second.text()), 2);
    }

    /** The repair call: the same request, its prompt followed by the answer that did not fit and why. */
    AiRequest repair(AiRequest request, AiResult bad, Fit.DoesNotFit problem) {
        String quoted = bad.text().length() <= QUOTED_ANSWER ? bad.text() : bad.text().substring(0, QUOTED_ANSWER) + "…";
        return request.withPrompt(request.prompt() + "\n\n---\nYour previous answer could not be used. " + problem.reason() + "."
                + (bad.truncated() ? " It was cut off at the output limit: keep the values shorter." : "")
                + "\nYour previous answer was:\n" + quoted
                + "\n---\nWrite the whole answer again as one JSON object with the fields " + String.join(", ", names())
                + ", fixing what was wrong.");
    }
}
