package io.wizzygen.generation;

import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.Prices;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpendTest {

    private static AiResult answer(String model, long in, long out) {
        return new AiResult("x", AiResult.FinishReason.STOP, new AiResult.Usage(in, out, in + out), model, Duration.ZERO);
    }

    @Test
    void costAddsUpPerModelAndNamesTheModelsItCannotPrice() {
        Spend spend = new Spend(Prices.builtInOnly(), EngineKind.OPENAI);
        spend.add(answer("gpt-4o-mini", 1_000_000, 0));
        spend.add(answer("gpt-4o", 0, 100_000));
        spend.add(answer("unknown-model", 500, 500));
        Cost cost = spend.now();
        assertThat(cost.tokens()).isEqualTo(1_101_000);
        assertThat(cost.estimatedDollars()).isCloseTo(0.15 + 1.00, within(1e-9));
        assertThat(cost.unpricedModels()).containsExactly("unknown-model");
        assertThat(cost.describe()).startsWith("~$1.1500").contains("unknown-model", "prices.properties");
    }

    @Test
    void aFreeEngineSaysNoCostAndATinySpendIsNotRoundedToZero() {
        assertThat(new Cost(10, 20, 0, java.util.Set.of()).describe()).isEqualTo("no cost");
        assertThat(new Cost(10, 20, 0.00001, java.util.Set.of()).describe()).isEqualTo("<$0.0001");
        assertThat(new Cost(10, 20, 0.01234, java.util.Set.of()).describe()).isEqualTo("~$0.0123");
    }
}
