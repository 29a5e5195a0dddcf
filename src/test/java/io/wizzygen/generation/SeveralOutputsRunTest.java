package io.wizzygen.generation;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.ai.StructuredFakes;
import io.wizzygen.ai.StructuredFakes.Wire;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionExchange;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Database runs that fill several outputs of each row from one AI call, end to end: the sandbox as Notion, and for
 * each engine's wire format a fake provider that checks the structured-output request as the provider would.
 */
@ExtendWith(SharedSandbox.class)
class SeveralOutputsRunTest {

    private static final List<String> THREE = List.of("Summary", "Sentiment", "Source");
    private static final String THREE_ANSWER = "{\"Summary\":\"Calm and clear.\",\"Sentiment\":\"Positive\",\"Source\":\"https://example.com/review\"}";
    private static final Map<String, String> THREE_WRITTEN = Map.of("Summary", "Calm and clear.", "Sentiment", "Positive",
            "Source", "https://example.com/review");

    private static final List<String> SIX = List.of("Summary", "Sentiment", "Tags", "Score", "Reviewed", "Due");
    private static final String SIX_ANSWER = "{\"Summary\":\"A trip.\",\"Sentiment\":\"Neutral\",\"Tags\":[\"Travel\",\"Food\"],"
            + "\"Score\":8,\"Reviewed\":true,\"Due\":\"2026-06-30\"}";
    private static final Map<String, String> SIX_WRITTEN = Map.of("Summary", "A trip.", "Sentiment", "Neutral", "Tags", "Travel, Food",
            "Score", "8", "Reviewed", "Yes", "Due", "2026-06-30");

    private static final String MEH = "Sentiment: 'meh' is not one of Positive, Neutral, Negative";

    private static SandboxFixture fixture;
    /** The runs' Notion client: every page update it sends is kept, to count the writes per row. */
    private static NotionClient notion;
    private static final List<NotionExchange> updates = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(SandboxFixture shared) {
        fixture = shared;
        notion = NotionClient.builder().baseUrl(fixture.server().baseUrl()).token(fixture.server().token())
                .rateLimiter(new RateLimiter(0, 1, System::nanoTime)).observer(exchange -> {
                    if (exchange.method().equals("PATCH") && exchange.path().startsWith("/v1/pages/")) {
                        updates.add(exchange);
                    }
                }).build();
    }

    /** A fresh "Reviews" database with outputs of every type the tests fill, and these reviews, all ticked. */
    private static Database reviews(String... titles) {
        NotionId sample = fixture.samplePage();
        Database database = fixture.notion().createDatabase(sample, "Reviews " + System.nanoTime(), List.of(
                PropertySchema.of("Review", "title"), PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Summary", "rich_text"),
                PropertySchema.of("Sentiment", "select", "Positive", "Neutral", "Negative"),
                PropertySchema.of("Tags", "multi_select", "Travel", "Food", "Work"), PropertySchema.of("Score", "number"),
                PropertySchema.of("Reviewed", "checkbox"), PropertySchema.of("Due", "date"), PropertySchema.of("Source", "url"),
                PropertySchema.of("AI Status", "select", "Done", "Failed"), PropertySchema.of("AI Error", "rich_text")));
        for (String title : titles) {
            fixture.notion().createPage(database.dataSources().getFirst().id(), Map.of("Review", new PropertyValue.Title(title),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        return database;
    }

    private static DatabaseJob job(Database database, List<String> outputs) {
        return new DatabaseJob(database.url(), "Read the review {{Review}} and fill the row.", List.of(), outputs, "Generate", false, null,
                null, null, null, null, false);
    }

    private static List<Page> rows(Database database) {
        return fixture.notion().queryDataSource(database.dataSources().getFirst().id(), Query.all()).toList();
    }

    private static Page row(Database database, String title) {
        return rows(database).stream().filter(row -> row.title().equals(title)).findFirst().orElseThrow();
    }

    private static String text(Page row, String property) {
        return row.property(property).map(PropertyValue::asText).orElse("");
    }

    private static Map<String, String> texts(Page row, List<String> properties) {
        Map<String, String> texts = new LinkedHashMap<>();
        properties.forEach(property -> texts.put(property, text(row, property)));
        return texts;
    }

    private static long updatesOf(Page row) {
        return updates.stream().filter(update -> update.path().endsWith(row.id().value())).count();
    }

    static Stream<Arguments> everyWireWithThreeAndSixOutputs() {
        return Stream.of(Wire.values()).flatMap(wire -> Stream.of(Arguments.of(wire, THREE, THREE_ANSWER, THREE_WRITTEN),
                Arguments.of(wire, SIX, SIX_ANSWER, SIX_WRITTEN)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyWireWithThreeAndSixOutputs")
    void oneCallPerRowFillsEveryOutputWithOneUpdate(Wire wire, List<String> outputs, String answer, Map<String, String> written) {
        Database database = reviews("A lovely trip", "A long meeting");
        try (StructuredFakes fake = StructuredFakes.start(wire, answer)) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), RunLog.inMemory());
            DatabaseRunner.Summary summary = runner.run(runner.plan(job(database, outputs)), event -> { }, new AtomicBoolean());

            assertThat(fake.problems()).as("every request was one the provider accepts").isEmpty();
            assertThat(summary.failed()).isEmpty();
            assertThat(summary.written()).isEqualTo(2);
            assertThat(summary.aiCalls()).isEqualTo(2);
            assertThat(fake.answered()).isEqualTo(2);
            assertThat(summary.cost().tokens()).isEqualTo(2 * (StructuredFakes.INPUT_TOKENS + StructuredFakes.OUTPUT_TOKENS));
            for (Page row : rows(database)) {
                assertThat(texts(row, outputs)).as(row.title()).isEqualTo(written);
                assertThat(text(row, "Generate")).isEqualTo("No");
                assertThat(text(row, "AI Status")).isEqualTo("Done");
                assertThat(updatesOf(row)).as("one page update for the row").isEqualTo(1);
            }
            assertThat(fake.prompts()).anySatisfy(prompt -> assertThat(prompt).contains("A lovely trip"))
                    .anySatisfy(prompt -> assertThat(prompt).contains("A long meeting"));
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aSelectAnsweredOutsideItsOptionsFailsTheRowWithTheReasonAndWritesNothingOfIt(Wire wire) {
        Database database = reviews("A so-so lunch");
        try (StructuredFakes fake = StructuredFakes.start(wire, THREE_ANSWER.replace("Positive", "meh"))) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), RunLog.inMemory());
            DatabaseRunner.Summary summary = runner.run(runner.plan(job(database, THREE)), event -> { }, new AtomicBoolean());

            assertThat(summary.written()).isZero();
            assertThat(summary.failed()).singleElement().satisfies(failed -> assertThat(failed.reason()).isEqualTo(MEH));
            assertThat(summary.aiCalls()).as("the answer and its one repair").isEqualTo(2);
            assertThat(summary.cost().tokens()).as("the repair's tokens count too").isEqualTo(240);
            Page row = row(database, "A so-so lunch");
            assertThat(texts(row, THREE)).as("no half-filled row").containsOnlyKeys(THREE).allSatisfy((name, value) -> assertThat(value).isEmpty());
            assertThat(text(row, "Generate")).isEqualTo("Yes");
            assertThat(text(row, "AI Status")).isEqualTo("Failed");
            assertThat(text(row, "AI Error")).isEqualTo(MEH);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void invalidJsonThenAFittingAnswerIsRepairedAndWrittenWithBothCallsTokens(Wire wire) {
        Database database = reviews("A lovely trip");
        RunLog log = RunLog.inMemory();
        try (StructuredFakes fake = StructuredFakes.start(wire, SIX_ANSWER.substring(0, 40), SIX_ANSWER)) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), log);
            DatabaseRunner.Plan plan = runner.plan(job(database, SIX));
            DatabaseRunner.Summary summary = runner.run(plan, event -> { }, new AtomicBoolean());

            assertThat(summary.failed()).isEmpty();
            assertThat(summary.written()).isEqualTo(1);
            assertThat(summary.aiCalls()).isEqualTo(2);
            assertThat(summary.cost().tokens()).isEqualTo(240);
            assertThat(fake.prompts().getLast()).contains("The answer is not valid JSON", SIX_ANSWER.substring(0, 40));
            Page row = row(database, "A lovely trip");
            assertThat(texts(row, SIX)).isEqualTo(SIX_WRITTEN);
            assertThat(updatesOf(row)).isEqualTo(1);
            assertThat(log.row(plan.runKey(), row.id().value())).hasValueSatisfying(record ->
                    assertThat(record.output()).as("the repaired answer is what the run log keeps").isEqualTo(SIX_ANSWER));
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void invalidJsonTwiceFailsTheRowAfterOneRepairAndWritesNothingOfIt(Wire wire) {
        Database database = reviews("A lovely trip");
        try (StructuredFakes fake = StructuredFakes.start(wire, "Sorry, I cannot answer in JSON.")) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), RunLog.inMemory());
            DatabaseRunner.Summary summary = runner.run(runner.plan(job(database, SIX)), event -> { }, new AtomicBoolean());

            assertThat(summary.written()).isZero();
            assertThat(summary.failed()).singleElement().satisfies(failed -> assertThat(failed.reason()).startsWith("The answer is not valid JSON"));
            assertThat(summary.aiCalls()).isEqualTo(2);
            assertThat(fake.answered()).isEqualTo(2);
            Page row = row(database, "A lovely trip");
            assertThat(text(row, "Summary")).isEmpty();
            assertThat(text(row, "Sentiment")).isEmpty();
            assertThat(text(row, "Generate")).isEqualTo("Yes");
            assertThat(text(row, "AI Error")).startsWith("The answer is not valid JSON");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aResumedRunWritesTheStoredJsonAnswerWithoutANewCallAndAsksIdenticalPromptsOnce(Wire wire) {
        Database database = reviews("Stored before the kill", "Twin", "Twin");
        RunLog log = RunLog.inMemory();
        try (StructuredFakes fake = StructuredFakes.start(wire, THREE_ANSWER)) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), log);
            DatabaseRunner.Plan plan = runner.plan(job(database, THREE));
            Page stored = row(database, "Stored before the kill");
            String answer = "{\"Summary\":\"Kept from the first run.\",\"Sentiment\":\"Negative\",\"Source\":null}";
            log.save(plan.runKey(), new RunLog.RowRecord(stored.id().value(), RunLog.State.GENERATED, "p", answer, 100, 20, null));

            DatabaseRunner.Summary summary = runner.run(plan, event -> { }, new AtomicBoolean());

            assertThat(summary.written()).isEqualTo(3);
            assertThat(summary.aiCalls()).as("one call for the two twins, none for the stored answer").isEqualTo(1);
            assertThat(fake.answered()).isEqualTo(1);
            assertThat(fake.prompts()).noneSatisfy(prompt -> assertThat(prompt).contains("Stored before the kill"));
            assertThat(texts(row(database, "Stored before the kill"), THREE))
                    .isEqualTo(Map.of("Summary", "Kept from the first run.", "Sentiment", "Negative", "Source", ""));
            assertThat(rows(database).stream().filter(row -> row.title().equals("Twin")))
                    .allSatisfy(row -> assertThat(texts(row, THREE)).isEqualTo(THREE_WRITTEN));
        }
    }

    @Test
    void aStoredAnswerThatNoLongerFitsFailsItsRowWithoutACallAndTheNextRunAsksAgain() {
        Database database = reviews("Options changed");
        RunLog log = RunLog.inMemory();
        try (StructuredFakes fake = StructuredFakes.start(Wire.OPENAI, THREE_ANSWER)) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), log);
            DatabaseRunner.Plan plan = runner.plan(job(database, THREE));
            String rowId = row(database, "Options changed").id().value();
            log.save(plan.runKey(), new RunLog.RowRecord(rowId, RunLog.State.GENERATED, "p", THREE_ANSWER.replace("Positive", "Glowing"), 1, 1, null));

            DatabaseRunner.Summary first = runner.run(plan, event -> { }, new AtomicBoolean());
            assertThat(first.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("'Glowing' is not one of"));
            assertThat(fake.answered()).isZero();
            assertThat(log.row(plan.runKey(), rowId)).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(RunLog.State.FAILED));

            DatabaseRunner.Summary again = runner.run(plan, event -> { }, new AtomicBoolean());
            assertThat(again.written()).isEqualTo(1);
            assertThat(fake.answered()).isEqualTo(1);
            assertThat(texts(row(database, "Options changed"), THREE)).isEqualTo(THREE_WRITTEN);
        }
    }

    @Test
    void previewShowsEachOutputsValueAndWritesNothing() {
        Database database = reviews("P1", "P2", "P3", "P4");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(), RunLog.inMemory());
        List<DatabaseRunner.PreviewRow> preview = runner.preview(runner.plan(job(database, List.of("Summary", "Sentiment", "Tags"))), 3);

        assertThat(preview).hasSize(3).allSatisfy(row -> {
            assertThat(row.error()).isNull();
            assertThat(row.values()).containsExactly(Map.entry("Summary", "Demo: Summary for “" + row.title() + "”"),
                    Map.entry("Sentiment", "Positive"), Map.entry("Tags", "Travel"));
        });
        assertThat(rows(database)).allSatisfy(row -> {
            assertThat(text(row, "Summary")).isEmpty();
            assertThat(text(row, "Generate")).isEqualTo("Yes");
        });
    }

    @Test
    void onlyEmptySkipsRowsWithAnyOutputFilledAlready() {
        Database database = reviews("Empty", "Half done");
        fixture.notion().updatePage(row(database, "Half done").id(), Map.of("Sentiment", new PropertyValue.Select("Neutral")));
        DatabaseRunner runner = new DatabaseRunner(notion, demo(), RunLog.inMemory());
        DatabaseJob job = job(database, THREE);
        DatabaseJob onlyEmpty = new DatabaseJob(job.databaseLink(), job.prompt(), job.inputs(), job.outputs(), job.checkbox(), true, null,
                null, null, null, null, false);

        DatabaseRunner.Summary summary = runner.run(runner.plan(onlyEmpty), event -> { }, new AtomicBoolean());

        assertThat(summary.written()).isEqualTo(1);
        assertThat(text(row(database, "Empty"), "Summary")).startsWith("Demo: Summary");
        assertThat(text(row(database, "Half done"), "Summary")).isEmpty();
    }

    @Test
    void newOptionsAreWrittenOnlyWhenAllowed() {
        Database database = reviews("Brand new");
        String answer = "{\"Summary\":\"New.\",\"Sentiment\":\"Ecstatic\",\"Tags\":[\"Travel\",\"Beaches\"]}";
        List<String> outputs = List.of("Summary", "Sentiment", "Tags");
        try (StructuredFakes fake = StructuredFakes.start(Wire.OPENAI, answer)) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), RunLog.inMemory());
            assertThat(runner.run(runner.plan(job(database, outputs)), event -> { }, new AtomicBoolean()).failed()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("Sentiment: 'Ecstatic' is not one of", "Tags: 'Beaches' is not one of"));

            DatabaseJob job = job(database, outputs);
            DatabaseJob allowing = new DatabaseJob(job.databaseLink(), job.prompt(), job.inputs(), outputs, job.checkbox(), false, null, null,
                    null, null, null, true);
            assertThat(runner.run(runner.plan(allowing), event -> { }, new AtomicBoolean()).written()).isEqualTo(1);
            assertThat(texts(row(database, "Brand new"), outputs)).isEqualTo(Map.of("Summary", "New.", "Sentiment", "Ecstatic",
                    "Tags", "Travel, Beaches"));
        }
    }

    @Test
    void outputsThatCannotBeFilledAreClearErrorsBeforeAnythingRuns() {
        Database database = reviews("X");
        DatabaseRunner runner = new DatabaseRunner(notion, demo(), RunLog.inMemory());
        assertThatThrownBy(() -> runner.plan(job(database, List.of("Summary", "Missing"))))
                .hasMessageContaining("The output \"Missing\" is not a property of this database").hasMessageContaining("Summary, ");
        assertThatThrownBy(() -> runner.plan(job(database, List.of("Summary", "Generate"))))
                .hasMessageContaining("\"Generate\" is the checkbox that marks rows to process");
        assertThatThrownBy(() -> runner.plan(job(database, List.of("Summary", "Review"))))
                .hasMessageContaining("\"Review\" cannot be both an input and an output");
        assertThatThrownBy(() -> runner.plan(job(database, List.of("Summary", "Summary"))))
                .hasMessageContaining("Summary is chosen twice");
        NotionId sample = fixture.samplePage();
        Database timestamps = fixture.notion().createDatabase(sample, "Timestamps " + System.nanoTime(), List.of(PropertySchema.of("Review", "title"),
                PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Notes", "rich_text"), PropertySchema.of("Added", "created_time")));
        assertThatThrownBy(() -> runner.plan(job(timestamps, List.of("Notes", "Added"))))
                .hasMessageContaining("Added is a created time property, which an AI answer cannot fill");
    }

    @Test
    void oneOutputKeepsThePlainAnswerWithoutASchema() {
        Database database = reviews("Plain");
        try (StructuredFakes fake = StructuredFakes.start(Wire.OPENAI, "Just a sentence.")) {
            DatabaseRunner runner = new DatabaseRunner(notion, fake.engine(), RunLog.inMemory());
            DatabaseRunner.Plan plan = runner.plan(job(database, List.of("Summary")));
            assertThat(plan.schema()).isNull();
            assertThat(runner.run(plan, event -> { }, new AtomicBoolean()).written()).isEqualTo(1);
            assertThat(fake.received().getFirst().body().has("response_format")).isFalse();
            assertThat(text(row(database, "Plain"), "Summary")).isEqualTo("Just a sentence.");
        }
    }

    private static AiEngine demo() {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO).demoLatencyMs(0).demoFailureRate(0).maxTries(1).build());
    }
}
