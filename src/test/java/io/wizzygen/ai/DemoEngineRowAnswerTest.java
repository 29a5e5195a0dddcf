package io.wizzygen.ai;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo engine's answer for a row reads as one honest sentence: what a real AI would be asked, each value once. */
class DemoEngineRowAnswerTest {

    private static String answer(String renderedPrompt, Map<String, String> values) {
        return Engines.create(EngineSettings.forKind(EngineKind.DEMO, Map.of()).build())
                .generate(AiRequest.of(renderedPrompt).withRowValues(values)).text();
    }

    @Test
    void aPromptWithTheRowsValuesAppendedNamesTheInstructionAndEachValueOnce() {
        String text = answer("Translate the topic to Japanese\n\nTopic: Learning is fun", Map.of("Topic", "Learning is fun"));
        assertThat(text).isEqualTo("Demo engine (no AI): a real AI would be asked \u201cTranslate the topic to Japanese\u201d for Topic: Learning is fun.");
    }

    @Test
    void aPromptWithPlaceholdersAlreadyHoldsItsValuesSoNoneIsRepeated() {
        String text = answer("Summarise Notion is best tool in French", Map.of("Topic", "Notion is best tool"));
        assertThat(text).isEqualTo("Demo engine (no AI): a real AI would be asked \u201cSummarise Notion is best tool in French\u201d.");
    }

    @Test
    void aValueThePromptDoesNotHoldIsNamedOnce() {
        String text = answer("Translate the topic to Japanese", Map.of("Topic", "Learning is fun"));
        assertThat(text).isEqualTo("Demo engine (no AI): a real AI would be asked \u201cTranslate the topic to Japanese\u201d for Topic: Learning is fun.");
    }

    @Test
    void severalAppendedValuesAreNamedInThePromptsOrder() {
        String text = answer("Write a tagline\n\nName: Wizzygen\nKind: app", Map.of("Kind", "app", "Name", "Wizzygen"));
        assertThat(text).endsWith("\u201cWrite a tagline\u201d for Name: Wizzygen; Kind: app.");
        assertThat(text.split("Wizzygen", -1)).hasSize(2);
    }
}
