package io.wizzygen.cli;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code generate database --watch} as a user runs it: rows ticked while it runs are written and printed, until it is stopped. */
class DatabaseWatchTest {

    @Test
    void rowsTickedWhileTheCommandWatchesAreWrittenAndPrintedUntilItIsStopped(@TempDir Path data) throws Exception {
        try (SandboxFixture sandbox = SandboxFixture.start()) {
            NotionClient notion = sandbox.notion();
            Database database = notion.createDatabase(sandbox.samplePage(), "Watched from the CLI", List.of(PropertySchema.of("Topic", "title"),
                    PropertySchema.of("Generate", "checkbox"), PropertySchema.of("Content", "rich_text")));
            NotionId source = database.dataSources().getFirst().id();
            for (String topic : List.of("Tea", "Coffee", "Cocoa")) {
                notion.createPage(source, Map.of("Topic", new PropertyValue.Title(topic)));
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "generate", "database", database.url(), "--prompt", "Describe {{Topic}}", "--engine", "demo", "--watch"));
            Path log = data.resolve("watch.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("NOTION_") || key.endsWith("_API_KEY") || key.startsWith("WIZZYGEN_"));
            builder.environment().putAll(Map.of("NOTION_TOKEN", sandbox.server().token(), "NOTION_API_BASE_URL", sandbox.server().baseUrl(),
                    "XDG_DATA_HOME", data.toString()));
            Process process = builder.start();
            // Read from a file: Process.destroy closes the pipes, and the lines said while stopping would be lost.
            Supplier<List<String>> lines = () -> {
                try {
                    return Files.readAllLines(log);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            try {
                Waits.until("the command watching", Duration.ofSeconds(30), lines,
                        seen -> seen.stream().anyMatch(line -> line.startsWith("Keeping")));
                List<Page> rows = notion.queryDataSource(source, Query.all()).toList();
                for (Page row : rows) {
                    notion.updatePage(row.id(), Map.of("Generate", new PropertyValue.Checkbox(true)));
                }
                Waits.until("three rows printed as written", Duration.ofSeconds(60), lines,
                        seen -> seen.stream().filter(line -> line.startsWith("  ✓")).count() == 3);
                assertThat(lines.get()).anyMatch(line -> line.startsWith("Triggered: ") && line.contains("ticked"));
                assertThat(notion.queryDataSource(source, Query.all()).toList()).allSatisfy(row -> {
                    assertThat(row.property("Content").map(PropertyValue::asText).orElse("")).isNotBlank();
                    assertThat(row.property("Generate").map(PropertyValue::asText)).hasValue("No");
                });
            } finally {
                process.destroy(); // as Ctrl-C or a service manager stops it
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            }
            assertThat(lines.get()).as(String.join("\n", lines.get())).anyMatch(line -> line.contains("1 run, 3 rows written, 0 failed"));
        }
    }
}
