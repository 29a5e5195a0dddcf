package io.wizzygen.ai;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricesTest {

    private static final AiResult.Usage MILLION_EACH = new AiResult.Usage(1_000_000, 1_000_000, 2_000_000);

    @Test
    void aDatedModelNameIsPricedByItsLongestKnownPrefix() {
        Prices prices = Prices.builtInOnly();
        assertThat(prices.of(EngineKind.OPENAI, "gpt-4o-mini-2024-07-18")).hasValueSatisfying(price ->
                assertThat(price.cost(MILLION_EACH)).isEqualTo(0.15 + 0.60, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(prices.of(EngineKind.OPENAI, "gpt-4o-2024-11-20")).hasValueSatisfying(price ->
                assertThat(price.cost(MILLION_EACH)).isEqualTo(12.50, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(prices.of(EngineKind.GEMINI, "models/gemini-2.5-flash")).isPresent();
    }

    @Test
    void localAndDemoEnginesCostNothingAndAnUnknownCloudModelHasNoEstimate() {
        Prices prices = Prices.builtInOnly();
        assertThat(prices.of(EngineKind.DEMO, "anything")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isZero());
        assertThat(prices.of(EngineKind.OPENAI_COMPATIBLE, "llama3.2")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isZero());
        assertThat(prices.of(EngineKind.GEMINI, "some-future-model")).isEmpty();
    }

    @Test
    void theOperatorsEntriesAddAndCorrectModels() {
        Prices prices = Prices.withOverrides(java.util.Map.of("my-model", "1 2", "gpt-4o", "3 4"), "prices.properties");
        assertThat(prices.of(EngineKind.OPENAI, "my-model-v2")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isEqualTo(3.0));
        assertThat(prices.of(EngineKind.OPENAI, "gpt-4o")).hasValueSatisfying(p -> assertThat(p.cost(MILLION_EACH)).isEqualTo(7.0));
        assertThat(Prices.withOverrides(java.util.Map.of(), "prices.properties").of(EngineKind.OPENAI, "my-model")).isEmpty();
    }

    @Test
    void aWrongEntrySaysWhichModelWhereAndTheExpectedForm() {
        assertThatThrownBy(() -> Prices.withOverrides(java.util.Map.of("my-model", "cheap"), "/etc/wizzygen/prices.properties"))
                .hasMessageContaining("\"my-model\"").hasMessageContaining("/etc/wizzygen/prices.properties").hasMessageContaining("my-model = 0.30 2.50");
    }
}
