package io.wizzygen.generation;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.ai.StructuredFakes;
import io.wizzygen.ai.StructuredFakes.Wire;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row's structured call end to end at the AI boundary, for each engine's wire format: the schema built from
 * the outputs, the request as the provider's fake checks it, the answer checked, the Notion values out.
 */
class OutputSchemaWireTest {

    private static final List<PropertySchema> THREE = List.of(
            new PropertySchema("Summary", "rich_text", List.of(), "One sentence."),
            PropertySchema.of("Sentiment", "select", "Positive", "Neutral", "Negative"),
            PropertySchema.of("Source", "url"));
    private static final String THREE_ANSWER = "{\"Summary\":\"Calm and clear.\",\"Sentiment\":\"Positive\",\"Source\":null}";

    private static final List<PropertySchema> SIX = List.of(
            new PropertySchema("Summary", "rich_text", List.of(), "One sentence."),
            PropertySchema.of("Sentiment", "select", "Positive", "Neutral", "Negative"),
            PropertySchema.of("Tags", "multi_select", "Travel", "Food", "Work"),
            new PropertySchema("Score", "number", List.of(), "From 1 to 10."),
            PropertySchema.of("Reviewed", "checkbox"),
            PropertySchema.of("Due", "date"));
    private static final String SIX_ANSWER = "{\"Summary\":\"A trip.\",\"Sentiment\":\"Neutral\",\"Tags\":[\"Travel\",\"Food\"],"
            + "\"Score\":8,\"Reviewed\":false,\"Due\":\"2026-06-30\"}";

    private final List<AiResult> calls = new ArrayList<>();

    private OutputSchema.Answer ask(OutputSchema schema, AiEngine engine) {
        return schema.ask(engine, AiRequest.of("Read the review: a lovely trip with great food.").withSystem("Fill the row."), calls::add);
    }

    private static final Map<String, PropertyValue> THREE_VALUES = Map.of("Summary", new PropertyValue.Text("Calm and clear."),
            "Sentiment", new PropertyValue.Select("Positive"), "Source", new PropertyValue.Url(null));
    private static final Map<String, PropertyValue> SIX_VALUES = Map.of("Summary", new PropertyValue.Text("A trip."),
            "Sentiment", new PropertyValue.Select("Neutral"), "Tags", new PropertyValue.MultiSelect(List.of("Travel", "Food")),
            "Score", new PropertyValue.NumberValue(new BigDecimal("8")), "Reviewed", new PropertyValue.Checkbox(false),
            "Due", new PropertyValue.DateValue("2026-06-30", null));

    static Stream<Arguments> everyWireWithThreeAndSixOutputs() {
        return Stream.of(Wire.values()).flatMap(wire -> Stream.of(Arguments.of(wire, THREE, THREE_ANSWER, THREE_VALUES),
                Arguments.of(wire, SIX, SIX_ANSWER, SIX_VALUES)));
    }

    @ParameterizedTest(name = "{0}, case {index}")
    @MethodSource("everyWireWithThreeAndSixOutputs")
    void outputsOfMixedTypesComeBackAsNotionValuesFromOneCall(Wire wire, List<PropertySchema> outputs, String json,
                                                             Map<String, PropertyValue> values) {
        OutputSchema schema = OutputSchema.of(outputs, false);
        try (StructuredFakes fake = StructuredFakes.start(wire, json)) {
            OutputSchema.Answer answer = ask(schema, fake.engine());
            assertThat(fake.problems()).isEmpty();
            assertThat(answer.fit()).isEqualTo(new OutputSchema.Fit.Fits(values));
            assertThat(answer.calls()).isEqualTo(1);
            assertThat(fake.answered()).isEqualTo(1);
            assertThat(calls).hasSize(1);
            assertThat(answer.result().usage()).isEqualTo(new AiResult.Usage(100, 20, 120));
            assertSchemaSent(wire, fake, schema);
            // What the run log stores reads back to the same values, so a resumed run needs no second call.
            assertThat(schema.fit(answer.json())).isEqualTo(answer.fit());
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aSelectAnsweredOutsideItsOptionsIsRepairedOnceThenTheRowFailsWithTheReason(Wire wire) {
        OutputSchema schema = OutputSchema.of(THREE, false);
        String meh = THREE_ANSWER.replace("Positive", "meh");
        try (StructuredFakes fake = StructuredFakes.start(wire, meh)) {
            OutputSchema.Answer answer = ask(schema, fake.engine());
            assertThat(answer.fit()).isEqualTo(new OutputSchema.Fit.DoesNotFit("Sentiment: 'meh' is not one of Positive, Neutral, Negative"));
            assertThat(answer.calls()).isEqualTo(2);
            assertThat(fake.answered()).isEqualTo(2);
            assertThat(fake.prompts().getLast()).contains(meh, "Sentiment: 'meh' is not one of Positive, Neutral, Negative");
            assertThat(answer.result().usage()).isEqualTo(new AiResult.Usage(200, 40, 240));
            assertThat(calls).hasSize(2);
        }
        try (StructuredFakes fake = StructuredFakes.start(wire, meh, THREE_ANSWER)) {
            assertThat(ask(schema, fake.engine()).fit()).isInstanceOf(OutputSchema.Fit.Fits.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void invalidJsonThenAValidAnswerIsRepairedWithTheBadAnswerAndTheError(Wire wire) {
        OutputSchema schema = OutputSchema.of(SIX, false);
        String cut = SIX_ANSWER.substring(0, 40);
        try (StructuredFakes fake = StructuredFakes.start(wire, cut, SIX_ANSWER)) {
            OutputSchema.Answer answer = ask(schema, fake.engine());
            assertThat(answer.fit()).isInstanceOf(OutputSchema.Fit.Fits.class);
            assertThat(answer.calls()).isEqualTo(2);
            assertThat(answer.json()).isEqualTo(SIX_ANSWER);
            assertThat(fake.prompts().getLast()).startsWith("Read the review").contains(cut, "The answer is not valid JSON");
            assertThat(fake.problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void invalidJsonTwiceFailsTheRowAfterExactlyOneRepair(Wire wire) {
        OutputSchema schema = OutputSchema.of(SIX, false);
        try (StructuredFakes fake = StructuredFakes.start(wire, "Sorry, I cannot answer in JSON.")) {
            OutputSchema.Answer answer = ask(schema, fake.engine());
            assertThat(answer.fit()).isInstanceOfSatisfying(OutputSchema.Fit.DoesNotFit.class,
                    unfit -> assertThat(unfit.reason()).startsWith("The answer is not valid JSON"));
            assertThat(answer.calls()).isEqualTo(2);
            assertThat(fake.answered()).isEqualTo(2);
        }
    }

    @Test
    void theDemoEngineFillsSixOutputsWithHonestPlaceholders() {
        AiEngine demo = Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(0).demoFailureRate(0).build());
        OutputSchema.Answer answer = OutputSchema.of(SIX, false).ask(demo, AiRequest.of("Fill it").withRowValues(Map.of("Review", "A lovely trip")), calls::add);
        assertThat(answer.fit()).isEqualTo(new OutputSchema.Fit.Fits(Map.of(
                "Summary", new PropertyValue.Text("Demo: Summary for “A lovely trip”"), "Sentiment", new PropertyValue.Select("Positive"),
                "Tags", new PropertyValue.MultiSelect(List.of("Travel")), "Score", new PropertyValue.NumberValue(BigDecimal.ZERO),
                "Reviewed", new PropertyValue.Checkbox(false), "Due", new PropertyValue.DateValue(LocalDate.now(ZoneOffset.UTC).toString(), null))));
        assertThat(answer.calls()).isEqualTo(1);
    }

    /** The schema reached the provider in its own shape; the fake has already checked the shape's rules. */
    private static void assertSchemaSent(Wire wire, StructuredFakes fake, OutputSchema schema) {
        JsonNode body = fake.received().getFirst().body();
        List<String> names = schema.outputs().stream().map(PropertySchema::name).toList();
        switch (wire) {
            case GEMINI -> {
                assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
                List<String> ordering = new ArrayList<>();
                body.at("/generationConfig/responseSchema/propertyOrdering").forEach(name -> ordering.add(name.asText()));
                assertThat(ordering).isEqualTo(names);
                assertThat(fake.prompts().getFirst()).doesNotContain("JSON Schema");
            }
            case OPENAI -> {
                assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(schema.responseSchema().schema());
                assertThat(fake.prompts().getFirst()).doesNotContain("JSON Schema");
            }
            case OPENAI_COMPATIBLE -> {
                assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(schema.responseSchema().schema());
                assertThat(fake.prompts().getFirst()).contains("JSON Schema", "One sentence.");
            }
            case OPENAI_COMPATIBLE_WITHOUT_SCHEMA -> {
                assertThat(fake.received().getLast().body().has("response_format")).isFalse();
                assertThat(fake.prompts().getLast()).contains("JSON Schema", "One sentence.");
            }
        }
    }
}
