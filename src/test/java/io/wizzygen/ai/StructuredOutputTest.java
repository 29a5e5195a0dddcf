package io.wizzygen.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"Summary\":\"Short\",\"Sentiment\":\"Neutral\",\"Score\":null,\"Tags\":[\"a\"],\"Done\":true,\"Due\":\"2026-05-01\"}";

    /** A schema in the form OpenAI's strict mode takes: text, a choice, a number that may be null, options, yes/no, a date. */
    private static ResponseSchema rowSchema() throws Exception {
        return new ResponseSchema("notion_row", (ObjectNode) JSON.readTree("""
                {"type":"object","properties":{
                  "Summary":{"type":"string","description":"Two sentences."},
                  "Sentiment":{"type":"string","enum":["Positive","Neutral","Negative"]},
                  "Score":{"type":["number","null"],"description":"A number only, or null when there is none."},
                  "Tags":{"type":"array","items":{"type":"string","enum":["a","b"]}},
                  "Done":{"type":"boolean"},
                  "Due":{"type":["string","null"],"format":"date"},
                  "Link":{"type":["string","null"],"pattern":"^https?://\\\\S+$"}},
                 "required":["Summary","Sentiment","Score","Tags","Done","Due","Link"],"additionalProperties":false}
                """));
    }

    @Test
    void openAiGetsTheSchemaAsAStrictJsonSchemaResponseFormatAndAnUnchangedPrompt() throws Exception {
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.OPENAI, ANSWER)) {
            AiResult result = fake.engine().generate(AiRequest.of("Describe the row").withSchema(rowSchema()));
            assertThat(result.text()).isEqualTo(ANSWER);
            assertThat(fake.problems()).isEmpty();
            JsonNode format = fake.received().getFirst().body().path("response_format");
            assertThat(format.at("/json_schema/name").asText()).isEqualTo("notion_row");
            assertThat(format.at("/json_schema/schema")).isEqualTo(rowSchema().schema());
            assertThat(fake.prompts()).containsExactly("Describe the row");
        }
    }

    @Test
    void geminiGetsJsonMimeTypeAndTheSchemaInItsOpenApiSubset() throws Exception {
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.GEMINI, ANSWER)) {
            assertThat(fake.engine().generate(AiRequest.of("Describe the row").withSchema(rowSchema())).text()).isEqualTo(ANSWER);
            assertThat(fake.problems()).isEmpty();
            JsonNode schema = fake.received().getFirst().body().at("/generationConfig/responseSchema");
            assertThat(schema.path("propertyOrdering")).hasToString("[\"Summary\",\"Sentiment\",\"Score\",\"Tags\",\"Done\",\"Due\",\"Link\"]");
            assertThat(fake.prompts()).containsExactly("Describe the row");
        }
    }

    @Test
    void geminiSchemaUsesUpperCaseTypesNullableEnumFormatAndLeavesOutWhatItDoesNotKnow() throws Exception {
        JsonNode gemini = GeminiSchema.of(rowSchema().schema());
        assertThat(gemini).isEqualTo(JSON.readTree("""
                {"type":"OBJECT","properties":{
                  "Summary":{"type":"STRING","description":"Two sentences."},
                  "Sentiment":{"type":"STRING","format":"enum","enum":["Positive","Neutral","Negative"]},
                  "Score":{"type":"NUMBER","nullable":true,"description":"A number only, or null when there is none."},
                  "Tags":{"type":"ARRAY","items":{"type":"STRING","format":"enum","enum":["a","b"]}},
                  "Done":{"type":"BOOLEAN"},
                  "Due":{"type":"STRING","nullable":true,"format":"date"},
                  "Link":{"type":"STRING","nullable":true}},
                 "required":["Summary","Sentiment","Score","Tags","Done","Due","Link"],
                 "propertyOrdering":["Summary","Sentiment","Score","Tags","Done","Due","Link"]}
                """));
        List<String> problems = new ArrayList<>();
        StructuredFakes.geminiSchemaProblems(gemini, "response_schema", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void aCompatibleServerGetsTheResponseFormatAndTheSchemaInThePrompt() throws Exception {
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.OPENAI_COMPATIBLE, ANSWER)) {
            fake.engine().generate(AiRequest.of("Describe the row").withSchema(rowSchema()));
            assertThat(fake.problems()).isEmpty();
            assertThat(fake.prompts().getFirst()).startsWith("Describe the row\n\n").contains("JSON Schema", "\"Sentiment\"", "Two sentences.");
        }
    }

    @Test
    void aCompatibleServerThatRefusesTheFormatIsAskedAgainWithTheSchemaOnlyInThePromptAndThatIsRemembered() throws Exception {
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.OPENAI_COMPATIBLE_WITHOUT_SCHEMA, ANSWER)) {
            AiEngine engine = fake.engine();
            assertThat(engine.generate(AiRequest.of("Row one").withSchema(rowSchema())).text()).isEqualTo(ANSWER);
            assertThat(engine.generate(AiRequest.of("Row two").withSchema(rowSchema())).text()).isEqualTo(ANSWER);
            assertThat(fake.received()).hasSize(3);
            assertThat(fake.received().get(0).body().has("response_format")).isTrue();
            assertThat(fake.received().get(1).body().has("response_format")).isFalse();
            assertThat(fake.received().get(2).body().has("response_format")).isFalse();
            assertThat(fake.prompts()).allSatisfy(prompt -> assertThat(prompt).contains("JSON Schema", "\"Summary\""));
        }
    }

    @Test
    void openAiRefusingTheSchemaFallsBackToThePromptInsteadOfFailingTheRow() throws Exception {
        ObjectNode uri = JSON.createObjectNode().put("type", "object");
        uri.putObject("properties").putObject("Link").put("type", "string").put("format", "uri");
        uri.putArray("required").add("Link");
        uri.put("additionalProperties", false);
        try (StructuredFakes fake = StructuredFakes.start(StructuredFakes.Wire.OPENAI, "{\"Link\":\"https://example.com\"}")) {
            AiResult result = fake.engine().generate(AiRequest.of("Find the link").withSchema(new ResponseSchema("links", uri)));
            assertThat(result.text()).contains("https://example.com");
            assertThat(fake.problems()).singleElement().asString().contains("'uri' is not a valid format");
            assertThat(fake.received().get(1).body().has("response_format")).isFalse();
            assertThat(fake.prompts().get(1)).contains("\"format\" : \"uri\"");
        }
    }

    @Test
    void withoutASchemaRequestsStayAsTheyWere() throws Exception {
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200,
                "{\"choices\":[{\"message\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}"))) {
            Engines.create(EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE, Map.of()).baseUrl(fake.baseUrl()).model("m").build())
                    .generate(AiRequest.of("Say hi"));
            assertThat(fake.last().body().has("response_format")).isFalse();
            assertThat(fake.last().body().at("/messages/0/content").asText()).isEqualTo("Say hi");
        }
        try (FakeProvider fake = new FakeProvider(FakeProvider.Reply.json(200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}]}"))) {
            Engines.create(EngineSettings.forKind(EngineKind.GEMINI, Map.of()).baseUrl(fake.baseUrl()).apiKey("k").build())
                    .generate(AiRequest.of("Say hi"));
            assertThat(fake.last().body().has("generationConfig")).isFalse();
        }
    }

    @Test
    void theDemoEngineAnswersAStructuredRequestWithAnObjectThatFitsTheSchema() throws Exception {
        AiEngine demo = Engines.create(EngineSettings.forKind(EngineKind.DEMO, Map.of()).build());
        AiResult result = demo.generate(AiRequest.of("Describe the row").withSchema(rowSchema()).withRowValues(Map.of("Topic", "Learning Spanish")));
        assertThat(StructuredFakes.schemaErrors(rowSchema().schema(), result.text())).isEmpty();
        JsonNode answer = JSON.readTree(result.text());
        assertThat(answer.path("Summary").asText()).isEqualTo("Demo: Summary for “Learning Spanish”");
        assertThat(answer.path("Sentiment").asText()).isEqualTo("Positive");
        assertThat(answer.path("Score").asInt(-1)).isZero();
        assertThat(answer.path("Tags")).hasToString("[\"a\"]");
        assertThat(answer.path("Done").asBoolean(true)).isFalse();
        assertThat(answer.path("Due").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(answer.path("Link").asText()).startsWith("https://");
        assertThat(result.usage().outputTokens()).isPositive();
    }

    @Test
    void aSchemaNeedsAProviderSafeNameAndAnObjectAndIsNotChangedByItsUsers() throws Exception {
        assertThatThrownBy(() -> new ResponseSchema("row values", rowSchema().schema())).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> new ResponseSchema("row", JSON.createObjectNode().put("type", "string"))).hasMessageContaining("JSON object");
        ResponseSchema schema = rowSchema();
        schema.schema().put("type", "array");
        assertThat(schema.schema().path("type").asText()).isEqualTo("object");
        assertThat(schema.promptInstruction()).contains("one JSON object and nothing else", "\"Sentiment\"");
    }
}
