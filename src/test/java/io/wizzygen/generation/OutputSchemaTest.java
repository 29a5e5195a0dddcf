package io.wizzygen.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizzygen.ai.AiRequest;
import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.StructuredFakes;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One output of every type an answer can fill, two with a Notion description. */
    private static final List<PropertySchema> EVERY_TYPE = List.of(
            new PropertySchema("Summary", "rich_text", List.of(), "Two sentences for a busy reader."),
            PropertySchema.of("Name", "title"),
            PropertySchema.of("Sentiment", "select", "Positive", "Neutral", "Negative"),
            PropertySchema.of("Stage", "status", "Not started", "Done"),
            PropertySchema.of("Tags", "multi_select", "AI", "Notion"),
            new PropertySchema("Score", "number", List.of(), "From 1 to 10."),
            PropertySchema.of("Reviewed", "checkbox"),
            PropertySchema.of("Source", "url"),
            PropertySchema.of("Contact", "email"),
            PropertySchema.of("Phone", "phone_number"),
            PropertySchema.of("Due", "date"));

    private static final String FITTING = """
            {"Summary":" Fine. ","Name":"Row","Sentiment":"neutral","Stage":"Done","Tags":["Notion","AI","Notion"],"Score":7.5,
             "Reviewed":true,"Source":"https://example.com/a","Contact":"ana@example.com","Phone":"+34 600 000 000","Due":"2026-05-01",
             "Extra":"ignored"}
            """;

    @Test
    void theSchemaHasOneRequiredFieldPerOutputTypedByItsPropertyWithItsNotionDescriptionAsTheInstruction() throws Exception {
        OutputSchema schema = OutputSchema.of(EVERY_TYPE, false);
        assertThat(schema.responseSchema().name()).isEqualTo("notion_row");
        assertThat(schema.responseSchema().schema()).isEqualTo(JSON.readTree("""
                {"type":"object","properties":{
                  "Summary":{"type":"string","description":"Two sentences for a busy reader."},
                  "Name":{"type":"string"},
                  "Sentiment":{"type":"string","enum":["Positive","Neutral","Negative"]},
                  "Stage":{"type":"string","enum":["Not started","Done"]},
                  "Tags":{"type":"array","items":{"type":"string","enum":["AI","Notion"]},
                          "description":"Any of the options; an empty list when none fits."},
                  "Score":{"type":["number","null"],"description":"From 1 to 10. A number only (no units or words), or null when there is none."},
                  "Reviewed":{"type":"boolean"},
                  "Source":{"type":["string","null"],"pattern":"^https?://\\\\S+$",
                            "description":"A full web address starting with https:// or http://, or null when there is none."},
                  "Contact":{"type":["string","null"],"format":"email","description":"An email address, or null when there is none."},
                  "Phone":{"type":["string","null"],"description":"A phone number, or null when there is none."},
                  "Due":{"type":["string","null"],"format":"date","description":"A date as YYYY-MM-DD, or null when there is none."}},
                 "required":["Summary","Name","Sentiment","Stage","Tags","Score","Reviewed","Source","Contact","Phone","Due"],
                 "additionalProperties":false}
                """));
        List<String> strictProblems = new ArrayList<>();
        StructuredFakes.strictProblems(schema.responseSchema().schema(), "schema", strictProblems);
        assertThat(strictProblems).isEmpty();
    }

    @Test
    void withNewOptionsAllowedSelectsAndMultiSelectsSuggestTheirOptionsButStatusesKeepThem() {
        var schema = OutputSchema.of(List.of(PropertySchema.of("Sentiment", "select", "Positive", "Negative"),
                PropertySchema.of("Tags", "multi_select"), PropertySchema.of("Stage", "status", "Open", "Done")), true).responseSchema().schema();
        assertThat(schema.at("/properties/Sentiment").has("enum")).isFalse();
        assertThat(schema.at("/properties/Sentiment/description").asText()).contains("preferably one of: Positive, Negative", "without commas");
        assertThat(schema.at("/properties/Tags/items").has("enum")).isFalse();
        assertThat(schema.at("/properties/Stage/enum")).hasToString("[\"Open\",\"Done\"]");
    }

    @Test
    void outputsAnAnswerCannotFillAreRefusedWithTheWayForward() {
        assertThatThrownBy(() -> OutputSchema.of(List.of(PropertySchema.of("Owner", "people")), false))
                .hasMessage("Owner is a people property, which an AI answer cannot fill. Choose outputs of these types: title, rich text, "
                        + "number, checkbox, url, email, phone number, date, select, status, multi select.");
        assertThatThrownBy(() -> OutputSchema.of(List.of(PropertySchema.of("Mood", "select")), false))
                .hasMessage("Mood is a select property with no options yet: add its options in Notion, or allow new options.");
        assertThat(OutputSchema.of(List.of(PropertySchema.of("Mood", "select")), true).outputs()).hasSize(1);
        assertThatThrownBy(() -> OutputSchema.of(List.of(PropertySchema.of("A", "rich_text"), PropertySchema.of("A", "rich_text")), false))
                .hasMessageContaining("chosen twice");
        assertThatThrownBy(() -> OutputSchema.of(List.of(), false)).hasMessageContaining("at least one output");
    }

    @Test
    void aFittingAnswerBecomesOneNotionValuePerOutput() {
        OutputSchema.Fit fit = OutputSchema.of(EVERY_TYPE, false).fit(FITTING);
        Map<String, PropertyValue> expected = new LinkedHashMap<>();
        expected.put("Summary", new PropertyValue.Text("Fine."));
        expected.put("Name", new PropertyValue.Title("Row"));
        expected.put("Sentiment", new PropertyValue.Select("Neutral"));
        expected.put("Stage", new PropertyValue.Status("Done"));
        expected.put("Tags", new PropertyValue.MultiSelect(List.of("Notion", "AI")));
        expected.put("Score", new PropertyValue.NumberValue(new BigDecimal("7.5")));
        expected.put("Reviewed", new PropertyValue.Checkbox(true));
        expected.put("Source", new PropertyValue.Url("https://example.com/a"));
        expected.put("Contact", new PropertyValue.Email("ana@example.com"));
        expected.put("Phone", new PropertyValue.PhoneNumber("+34 600 000 000"));
        expected.put("Due", new PropertyValue.DateValue("2026-05-01", null));
        assertThat(fit).isEqualTo(new OutputSchema.Fit.Fits(expected));
        assertThat(((OutputSchema.Fit.Fits) fit).values().keySet()).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void factsMayBeEmptyButTextChoicesAndCheckboxesMayNot() {
        OutputSchema schema = OutputSchema.of(EVERY_TYPE, false);
        String empty = FITTING.replace("7.5", "null").replace("\"https://example.com/a\"", "null").replace("\"ana@example.com\"", "\"\"")
                .replace("\"+34 600 000 000\"", "null").replace("\"2026-05-01\"", "null");
        var values = ((OutputSchema.Fit.Fits) schema.fit(empty)).values();
        assertThat(values.get("Score")).isEqualTo(new PropertyValue.NumberValue(null));
        assertThat(values.get("Source")).isEqualTo(new PropertyValue.Url(null));
        assertThat(values.get("Contact")).isEqualTo(new PropertyValue.Email(null));
        assertThat(values.get("Due")).isEqualTo(new PropertyValue.DateValue(null, null));
        assertThat(schema.fit(FITTING.replace("\"neutral\"", "null").replace("true", "null").replace("\"Row\"", "null")))
                .isEqualTo(new OutputSchema.Fit.DoesNotFit("Name: has no value (null); Sentiment: has no value (null); Reviewed: has no value (null)"));
    }

    @Test
    void anAnswerThatDoesNotFitNamesEachFieldAndFillsNothing() {
        OutputSchema schema = OutputSchema.of(EVERY_TYPE, false);
        assertThat(schema.fit(FITTING.replace("\"neutral\"", "\"meh\"")))
                .isEqualTo(new OutputSchema.Fit.DoesNotFit("Sentiment: 'meh' is not one of Positive, Neutral, Negative"));
        String wrong = FITTING.replace("7.5", "\"seven\"").replace("true", "\"yes\"").replace("https://example.com/a", "example.com")
                .replace("ana@example.com", "ana").replace("2026-05-01", "May 1st").replace("[\"Notion\",\"AI\",\"Notion\"]", "\"AI\"")
                .replace("\"Summary\":\" Fine. \",", "");
        assertThat(schema.fit(wrong)).isEqualTo(new OutputSchema.Fit.DoesNotFit("Summary: missing from the answer; "
                + "Tags: should be a list of options, got 'AI'; Score: should be a number, got 'seven'; "
                + "Reviewed: should be true or false, got 'yes'; Source: 'example.com' is not a web address (https://…); "
                + "Contact: 'ana' is not an email address; Due: 'May 1st' is not a date (YYYY-MM-DD)"));
        assertThat(schema.fit(FITTING.replace("[\"Notion\",\"AI\",\"Notion\"]", "[\"AI\",\"Cooking\"]")))
                .isEqualTo(new OutputSchema.Fit.DoesNotFit("Tags: 'Cooking' is not one of AI, Notion"));
    }

    @Test
    void newOptionsAreTakenOnlyWhereAllowedAndOnlyAsNotionCanStoreThem() {
        List<PropertySchema> outputs = List.of(PropertySchema.of("Tags", "multi_select", "AI"), PropertySchema.of("Stage", "status", "Open"));
        OutputSchema open = OutputSchema.of(outputs, true);
        assertThat(open.fit("{\"Tags\":[\"ai\",\"Cooking\"],\"Stage\":\"open\"}")).isEqualTo(new OutputSchema.Fit.Fits(Map.of(
                "Tags", new PropertyValue.MultiSelect(List.of("AI", "Cooking")), "Stage", new PropertyValue.Status("Open"))));
        assertThat(open.fit("{\"Tags\":[\"Food, drink\"],\"Stage\":\"Closed\"}")).isEqualTo(new OutputSchema.Fit.DoesNotFit(
                "Tags: 'Food, drink' cannot be a new option (it needs 1 to 100 characters and no comma); Stage: 'Closed' is not one of Open"));
    }

    @Test
    void codeFencesAndWordsAroundTheObjectAreToleratedButBrokenJsonIsNot() {
        OutputSchema schema = OutputSchema.of(List.of(PropertySchema.of("Summary", "rich_text")), false);
        OutputSchema.Fit fits = new OutputSchema.Fit.Fits(Map.of("Summary", new PropertyValue.Text("Hi")));
        assertThat(schema.fit("```json\n{\"Summary\":\"Hi\"}\n```")).isEqualTo(fits);
        assertThat(schema.fit("Here is the JSON: {\"Summary\":\"Hi\"} Hope it helps.")).isEqualTo(fits);
        assertThat(schema.fit("{\"Summary\":\"Hi")).isInstanceOfSatisfying(OutputSchema.Fit.DoesNotFit.class,
                unfit -> assertThat(unfit.reason()).startsWith("The answer is not valid JSON ("));
        assertThat(schema.fit("[\"Hi\"]")).isEqualTo(new OutputSchema.Fit.DoesNotFit("The answer is not a JSON object with the fields Summary"));
        assertThat(schema.fit("")).isInstanceOf(OutputSchema.Fit.DoesNotFit.class);
    }

    @Test
    void ourCheckAgreesWithAnIndependentJsonSchemaValidator() {
        var schema = OutputSchema.of(EVERY_TYPE, false);
        String strictFitting = FITTING.replace("\"neutral\"", "\"Neutral\"").replace(",\n \"Extra\":\"ignored\"", "");
        assertThat(schema.fit(strictFitting)).isInstanceOf(OutputSchema.Fit.Fits.class);
        assertThat(StructuredFakes.schemaErrors(schema.responseSchema().schema(), strictFitting)).isEmpty();
        for (String unfit : List.of(strictFitting.replace("\"Neutral\"", "\"meh\""), strictFitting.replace("7.5", "\"seven\""),
                strictFitting.replace("https://example.com/a", "example.com"), strictFitting.replace("\"Stage\":\"Done\",", ""))) {
            assertThat(schema.fit(unfit)).isInstanceOf(OutputSchema.Fit.DoesNotFit.class);
            assertThat(StructuredFakes.schemaErrors(schema.responseSchema().schema(), unfit)).isNotEmpty();
        }
    }

    @Test
    void theRepairPromptCarriesTheOriginalPromptTheBadAnswerAndWhatWasWrong() {
        OutputSchema schema = OutputSchema.of(List.of(PropertySchema.of("Sentiment", "select", "Positive", "Negative")), false);
        AiRequest request = AiRequest.of("Judge the review: great!").withSystem("Be exact").withSchema(schema.responseSchema());
        AiResult bad = new AiResult("{\"Sentiment\":\"meh\"}", AiResult.FinishReason.LENGTH, AiResult.Usage.NONE, "m", Duration.ZERO);
        AiRequest repair = schema.repair(request, bad, (OutputSchema.Fit.DoesNotFit) schema.fit(bad.text()));
        assertThat(repair.prompt()).startsWith("Judge the review: great!\n\n").contains("Sentiment: 'meh' is not one of Positive, Negative.",
                "{\"Sentiment\":\"meh\"}", "cut off at the output limit", "one JSON object with the fields Sentiment");
        assertThat(repair.system()).isEqualTo("Be exact");
        assertThat(repair.schema()).isEqualTo(schema.responseSchema());
    }
}
