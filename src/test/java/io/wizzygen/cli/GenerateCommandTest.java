package io.wizzygen.cli;

import io.wizzygen.notion.Block;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wizzygen generate page} as a user runs it: a separate process, configured by the environment only. */
@ExtendWith(SharedSandbox.class)
class GenerateCommandTest {

    private static SandboxFixture fixture;
    private static SandboxServer sandbox;
    private static NotionClient notion;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start(SandboxFixture shared) {
        fixture = shared;
        sandbox = fixture.server();
        notion = fixture.notion();
    }


    static Run wizzygen(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("NOTION_") || key.endsWith("_API_KEY") || key.startsWith("WIZZYGEN_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }

    private static Map<String, String> sandboxEnv() {
        return Map.of("NOTION_TOKEN", sandbox.token(), "NOTION_API_BASE_URL", sandbox.baseUrl(), "XDG_DATA_HOME", DATA.toString());
    }

    private static final Path DATA = createTempData();

    private static Path createTempData() {
        try {
            return java.nio.file.Files.createTempDirectory("wizzygen-cli-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPromptBecomesBlocksInThePage() throws Exception {
        NotionId sample = fixture.samplePage();
        NotionId page = notion.createChildPage(sample, "From the CLI").id();
        Run run = wizzygen(sandboxEnv(), "generate", "page", notion.retrievePage(page).url(), "--prompt", "Write about tea in 120 words",
                "--engine", "demo");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Demo engine (no AI)", "blocks written");
        assertThat(notion.listBlockChildren(page).map(Block::plainText)).anyMatch(text -> text.startsWith("Write about tea"));
    }

    @Test
    void badInputExitsOneWithTheFixInWords() throws Exception {
        Run notNotion = wizzygen(sandboxEnv(), "generate", "page", "https://example.com/page", "--prompt", "x", "--engine", "demo");
        assertThat(notNotion.exit()).isEqualTo(1);
        assertThat(notNotion.err()).contains("not a Notion page or database link", "https://www.notion.so/").doesNotContain("Exception");

        Run unshared = wizzygen(sandboxEnv(), "generate", "page", "0123456789ab4cde8f0123456789abcd", "--prompt", "x", "--engine", "demo");
        assertThat(unshared.exit()).isEqualTo(1);
        assertThat(unshared.err()).contains("Share the page with your integration");

        Run emptyPrompt = wizzygen(sandboxEnv(), "generate", "page", "0123456789abcdef0123456789abcdef", "--prompt", " ", "--engine", "demo");
        assertThat(emptyPrompt.exit()).isEqualTo(1);
        assertThat(emptyPrompt.err()).contains("prompt is empty");

        Run noEngine = wizzygen(sandboxEnv(), "generate", "page", "0123456789abcdef0123456789abcdef", "--prompt", "x");
        assertThat(noEngine.exit()).isEqualTo(1);
        assertThat(noEngine.err()).contains("GEMINI_API_KEY", "--engine demo");

        Run noToken = wizzygen(Map.of(), "generate", "page", "0123456789abcdef0123456789abcdef", "--prompt", "x", "--engine", "demo");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("NOTION_TOKEN");
    }

    @Test
    void aDatabaseRunWritesTickedRowsAndExitsByOutcome() throws Exception {
        var topics = notion.search("Topics", Optional.of("data_source")).filter(r -> r.title().equals("Topics")).findFirst().orElseThrow();
        var source = notion.retrieveDataSource(topics.id());
        var rows = notion.queryDataSource(source.id(), io.wizzygen.notion.Query.all()).toList();
        for (var row : rows) {
            notion.updatePage(row.id(), Map.of("Generate", new io.wizzygen.notion.PropertyValue.Checkbox(true)));
        }
        String url = notion.retrieveDatabase(source.databaseId()).url();

        Run preview = wizzygen(sandboxEnv(), "generate", "database", url, "--prompt", "Translate the topic to Japanese", "--engine", "demo",
                "--preview", "2");
        assertThat(preview.exit()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("Preview only", "Learning is fun");

        Map<String, String> failing = new java.util.HashMap<>(sandboxEnv());
        failing.put("WIZZYGEN_DEMO_FAILURE_RATE", "1");
        Run failed = wizzygen(failing, "generate", "database", url, "--prompt", "Translate the topic to Japanese", "--engine", "demo", "--limit", "1");
        assertThat(failed.exit()).isEqualTo(2);
        assertThat(failed.out()).contains("0 rows written, 1 failed", "simulated failure");

        Run run = wizzygen(sandboxEnv(), "generate", "database", url, "--prompt", "Translate the topic to Japanese", "--engine", "demo");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 rows written, 0 failed");
        assertThat(notion.queryDataSource(source.id(), io.wizzygen.notion.Query.all()).map(p -> p.property("Content").orElseThrow().asText()))
                .allSatisfy(content -> assertThat(content).contains("Demo engine (no AI)"));

        Run wrongOutput = wizzygen(sandboxEnv(), "generate", "database", url, "--prompt", "x", "--engine", "demo", "--output", "Generate");
        assertThat(wrongOutput.exit()).isEqualTo(1);
        assertThat(wrongOutput.err()).contains("\"Generate\"");

        NotionId sample = fixture.samplePage();
        var plain = notion.createDatabase(sample, "No checkbox", List.of(io.wizzygen.notion.PropertySchema.of("Name", "title"),
                io.wizzygen.notion.PropertySchema.of("Notes", "rich_text")));
        Run noCheckbox = wizzygen(sandboxEnv(), "generate", "database", plain.url(), "--prompt", "x", "--engine", "demo");
        assertThat(noCheckbox.exit()).isEqualTo(1);
        assertThat(noCheckbox.err()).contains("no checkbox property");

        String page = notion.retrievePage(sample).url();
        Run notADatabase = wizzygen(sandboxEnv(), "generate", "database", page, "--prompt", "x", "--engine", "demo");
        assertThat(notADatabase.exit()).isEqualTo(1);
        assertThat(notADatabase.err()).contains("is a page, not a database");
    }

    @Test
    void savedSettingsAloneAreEnoughAndAFlagOverridesTheSavedEngine() throws Exception {
        Path data = java.nio.file.Files.createTempDirectory("wizzygen-saved-settings");
        Path folder = data.resolve("wizzygen");
        new io.wizzygen.store.SettingsStore(io.wizzygen.store.Store.sqlite(folder), io.wizzygen.store.SecretBox.open(folder, null))
                .save("local", new io.wizzygen.store.Settings(null, "openai", "sk-saved-but-unused", null, null, sandbox.token(), null));
        NotionId page = notion.createChildPage(fixture.samplePage(), "From saved settings").id();
        Map<String, String> env = Map.of("NOTION_API_BASE_URL", sandbox.baseUrl(), "XDG_DATA_HOME", data.toString());

        Run run = wizzygen(env, "generate", "page", notion.retrievePage(page).url(), "--prompt", "Write about saved settings", "--engine", "demo");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(notion.listBlockChildren(page).map(Block::plainText)).anyMatch(text -> text.startsWith("Write about saved settings"));
        Run withoutSecret = wizzygen(Map.of("NOTION_API_BASE_URL", sandbox.baseUrl(), "XDG_DATA_HOME", DATA.resolve("empty").toString()),
                "generate", "page", notion.retrievePage(page).url(), "--prompt", "x", "--engine", "demo");
        assertThat(withoutSecret.exit()).isEqualTo(1);
        assertThat(withoutSecret.err()).contains("No Notion secret is set");
    }

    @Test
    void addStatusColumnsAddsThemBeforeTheRunWhichThenFillsThem() throws Exception {
        var database = notion.createDatabase(fixture.samplePage(), "Without status", List.of(io.wizzygen.notion.PropertySchema.of("Topic", "title"),
                io.wizzygen.notion.PropertySchema.of("Generate", "checkbox"), io.wizzygen.notion.PropertySchema.of("Content", "rich_text")));
        NotionId source = database.dataSources().getFirst().id();
        notion.createPage(source, Map.of("Topic", new io.wizzygen.notion.PropertyValue.Title("Columns"),
                "Generate", new io.wizzygen.notion.PropertyValue.Checkbox(true)));

        Run run = wizzygen(sandboxEnv(), "generate", "database", database.url(), "--prompt", "Explain {{Topic}}", "--engine", "demo",
                "--add-status-columns");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Added the columns AI Status and AI Error.", "1 rows written");
        assertThat(notion.queryDataSource(source, io.wizzygen.notion.Query.all()).map(row -> row.property("AI Status").orElseThrow().asText()))
                .containsExactly("Done");
    }

    @Test
    void threeOutputsAreFilledFromOneDemoAnswerPerRow() throws Exception {
        var database = notion.createDatabase(fixture.samplePage(), "Reviews", List.of(io.wizzygen.notion.PropertySchema.of("Review", "title"),
                io.wizzygen.notion.PropertySchema.of("Generate", "checkbox"), io.wizzygen.notion.PropertySchema.of("Summary", "rich_text"),
                io.wizzygen.notion.PropertySchema.of("Sentiment", "select", "Positive", "Negative"),
                io.wizzygen.notion.PropertySchema.of("Tags", "multi_select", "Travel", "Food")));
        NotionId source = database.dataSources().getFirst().id();
        for (String review : List.of("A lovely trip", "A cold soup")) {
            notion.createPage(source, Map.of("Review", new io.wizzygen.notion.PropertyValue.Title(review),
                    "Generate", new io.wizzygen.notion.PropertyValue.Checkbox(true)));
        }
        String[] outputs = {"--output", "Summary", "--output", "Sentiment", "--output", "Tags"};

        Run preview = wizzygen(sandboxEnv(), concat(new String[] {"generate", "database", database.url(), "--prompt", "Read {{Review}}",
                "--engine", "demo", "--preview", "1"}, outputs));
        assertThat(preview.exit()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("Writing \"Summary\", \"Sentiment\", \"Tags\" from Review", "Summary: Demo: Summary for",
                "Sentiment: Positive", "Tags: Travel", "Preview only");

        Run run = wizzygen(sandboxEnv(), concat(new String[] {"generate", "database", database.url(), "--prompt", "Read {{Review}}",
                "--engine", "demo"}, outputs));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 rows written, 0 failed, 2 AI calls");
        assertThat(notion.queryDataSource(source, io.wizzygen.notion.Query.all()).toList()).hasSize(2).allSatisfy(row -> {
            assertThat(row.property("Summary").orElseThrow().asText()).isEqualTo("Demo: Summary for “" + row.title() + "”");
            assertThat(row.property("Sentiment").orElseThrow().asText()).isEqualTo("Positive");
            assertThat(row.property("Tags").orElseThrow().asText()).isEqualTo("Travel");
            assertThat(row.property("Generate").orElseThrow().asText()).isEqualTo("No");
        });

        Run wrong = wizzygen(sandboxEnv(), "generate", "database", database.url(), "--prompt", "x", "--engine", "demo",
                "--output", "Summary", "--output", "Generate");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("\"Generate\" is the checkbox that marks rows to process").doesNotContain("Exception");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
