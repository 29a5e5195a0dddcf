package io.wizzygen.setup;

import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.Prices;
import io.wizzygen.ai.AiResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The environment and the operator's files, read in one place. */
class EnvironmentTest {

    private static final AiResult.Usage MILLION_EACH = new AiResult.Usage(1_000_000, 1_000_000, 2_000_000);

    @Test
    void onlySetupReadsTheEnvironment() throws IOException {
        Path main = Path.of("src/main/java/io/wizzygen");
        List<String> readers;
        try (Stream<Path> files = Files.walk(main)) {
            readers = files.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                try {
                    return Files.readString(file).contains("System.getenv");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(file -> main.relativize(file).toString()).toList();
        }
        assertThat(readers).containsExactly("setup/Environment.java");
    }

    @Test
    void dataAndConfigFollowTheXdgFoldersElseTheHomeFolder() {
        Path home = Path.of("/home/ada");
        Environment plain = new Environment(Map.of("XDG_DATA_HOME", " "), home);
        assertThat(plain.dataFolder()).as("a blank variable is unset").isEqualTo(Path.of("/home/ada/.local/share/wizzygen"));
        assertThat(plain.configFolder()).isEqualTo(Path.of("/home/ada/.config/wizzygen"));
        Environment xdg = new Environment(Map.of("XDG_DATA_HOME", "/data", "XDG_CONFIG_HOME", "/etc/xdg"), home);
        assertThat(xdg.dataFolder()).isEqualTo(Path.of("/data/wizzygen"));
        assertThat(xdg.configFolder()).isEqualTo(Path.of("/etc/xdg/wizzygen"));
    }

    @Test
    void flagsWinOverTheEnvironmentForWhereDataLives() {
        Environment env = new Environment(Map.of("XDG_DATA_HOME", "/data", "WIZZYGEN_DATABASE_URL", "postgresql://db/wizzygen",
                "WIZZYGEN_MASTER_KEY", "master"), Path.of("/home/ada"));
        assertThat(env.storage(null, null)).isEqualTo(new Storage(Path.of("/data/wizzygen"), "postgresql://db/wizzygen", "master"));
        assertThat(env.storage(Path.of("/srv/w"), "postgresql://other/w")).isEqualTo(new Storage(Path.of("/srv/w"), "postgresql://other/w", "master"));
        assertThat(env.storage(null, null).describe()).isEqualTo("PostgreSQL");
    }

    @Test
    void theAllowedAiHostsAreACommaSeparatedList() {
        assertThat(Environment.of(Map.of("WIZZYGEN_ALLOWED_AI_HOSTS", " 127.0.0.1:11434, ollama.internal ,,")).allowedAiHosts())
                .containsExactly("127.0.0.1:11434", "ollama.internal");
        assertThat(Environment.of(Map.of()).allowedAiHosts()).isEmpty();
    }

    @Test
    void valuesNeverShowWhenTheEnvironmentIsPrinted() {
        assertThat(Environment.of(Map.of("OPENAI_API_KEY", "sk-very-secret")).toString()).contains("OPENAI_API_KEY").doesNotContain("sk-very-secret");
    }

    @Test
    void theOperatorsPriceFileAddsAndCorrectsModels(@TempDir Path config) throws Exception {
        Files.createDirectories(config.resolve("wizzygen"));
        Files.writeString(config.resolve("wizzygen/prices.properties"), "# dollars per million tokens\nmy-model = 1 2\ngpt-4o = 3 4\n");
        Prices prices = new Environment(Map.of("XDG_CONFIG_HOME", config.toString()), config).prices();
        assertThat(prices.of(EngineKind.OPENAI, "my-model-v2")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isEqualTo(3.0));
        assertThat(prices.of(EngineKind.OPENAI, "gpt-4o")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isEqualTo(7.0));
        assertThat(new Environment(Map.of(), config.resolve("nobody")).prices().of(EngineKind.OPENAI, "my-model")).as("no file: the built-in list").isEmpty();
    }

    @Test
    void aWrongLineInThePriceFileSaysWhichModelWhereAndTheExpectedForm(@TempDir Path config) throws Exception {
        Path file = config.resolve("wizzygen/prices.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "my-model = cheap\n");
        assertThatThrownBy(() -> new Environment(Map.of("XDG_CONFIG_HOME", config.toString()), config).prices())
                .hasMessageContaining("\"my-model\"").hasMessageContaining(file.toString()).hasMessageContaining("my-model = 0.30 2.50");
    }

    @Test
    void thePlansFileIsReadInFileOrderWithItsPlace(@TempDir Path config) throws Exception {
        Path file = config.resolve("wizzygen/plans.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "team.title=Team\nteam.prompts=5000\n");
        Environment.OperatorFile plans = new Environment(Map.of("XDG_CONFIG_HOME", config.toString()), config).plans();
        assertThat(plans.entries()).containsExactly(Map.entry("team.title", "Team"), Map.entry("team.prompts", "5000"));
        assertThat(plans.source()).isEqualTo(file.toString());
    }
}
